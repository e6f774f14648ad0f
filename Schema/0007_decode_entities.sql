-- kb schema, migration 7: HTML character references in stored text become characters.
--
-- Imports decode `&amp;`, `&#233;`, `&amp;amp;`... since issue 12; a KB built before kept them as
-- written ("Jobs &amp; skills", titleKey `jobs amp skills`). Left so, a re-import's decoded title
-- would not find the stored one and its DOI merge would report a title conflict forever. The
-- same decoding (kb_decode_entities: HTMLEntities) is applied to what imports decode, and the keys
-- derived from it are recomputed (kb_title_key: TitleKey; nameKey as Contributor.nameKey). The
-- search-index triggers (migrations 3 and 5) see the updates, so full-text search stays in step.
-- References that name no character are left as written (the audit reports them).
UPDATE source SET title = kb_decode_entities(title), titleKey = kb_title_key(kb_decode_entities(title))
    WHERE instr(title, '&') > 0;
UPDATE source SET containerTitle = kb_decode_entities(containerTitle) WHERE instr(containerTitle, '&') > 0;
UPDATE source SET publisher = kb_decode_entities(publisher) WHERE instr(publisher, '&') > 0;
UPDATE source SET publisherPlace = kb_decode_entities(publisherPlace) WHERE instr(publisherPlace, '&') > 0;
UPDATE source SET note = kb_decode_entities(note) WHERE instr(note, '&') > 0;
UPDATE contributor SET
    family = kb_decode_entities(family),
    given = kb_decode_entities(given),
    literal = kb_decode_entities(literal),
    nameKey = CASE
        WHEN family IS NOT NULL THEN kb_fold(coalesce(particle || ' ', '') || kb_decode_entities(family))
        ELSE kb_fold(coalesce(kb_decode_entities(literal), ''))
    END
    WHERE instr(family, '&') > 0 OR instr(given, '&') > 0 OR instr(literal, '&') > 0;
UPDATE claim SET statement = kb_decode_entities(statement) WHERE instr(statement, '&') > 0;
UPDATE claim SET quote = kb_decode_entities(quote) WHERE instr(quote, '&') > 0;
UPDATE claim SET note = kb_decode_entities(note) WHERE instr(note, '&') > 0;
