import KBDomain

/// A group the page names in everyday words that the claim crediting its number is not about
/// (trial 6, items 2 and 4): "Albert et al. (2011) found mothers had a callback ratio of 0.59"
/// is supported by the Age 38 comparison's 0.59 unless the number is held to the groups the
/// clause names. A register's labels ('Female gender', 'Age 38') are rarely the page's words
/// ("women", "mothers", "older"), so the page's group words are read through ``groupClasses``
/// (each a set of words that name one group) and held to the claim's statement, its own words
/// whatever quotes them: when the work has several comparisons and the statement holds no
/// word of a group the clause names, the KB cannot tell that the number is that group's.
extension PageChecker {
    /// Words that name one group, each class read as one ("women" and 'Female gender' name
    /// the same group; "older" and 'Age 38' the same dimension). A class holds whole words
    /// (lowercased letters); a statement names the class when it holds one of them, or one
    /// with an inflection's ending (``sameStem(_:_:strictly:)``).
    static let groupClasses: [Set<String>] = [
        ["women", "woman", "female", "females", "girls"],
        ["men", "man", "male", "males", "boys"],
        ["mother", "mothers", "motherhood", "moms", "maternal"],
        ["father", "fathers", "fatherhood", "dads", "paternal"],
        ["childless"],
        ["pregnant", "pregnancy"],
        ["obese", "obesity", "overweight"],
        ["older", "elderly", "old", "younger", "young", "age", "aged", "ages"],
        ["black", "african"],
        ["white", "caucasian", "anglo"],
        ["hispanic", "latino", "latina", "latinx"],
        ["asian"], ["chinese"], ["greek"], ["indian"], ["pakistani"], ["arab", "arabic"], ["turkish"], ["moroccan"], ["mexican"],
        ["somali"], ["indigenous"], ["muslim", "muslims"], ["christian", "christians"], ["jewish"],
        ["disabled", "disability", "disabilities", "wheelchair"],
        ["gay", "lesbian", "lesbians", "homosexual", "bisexual", "lgb", "lgbt", "lgbtq"],
        ["veteran", "veterans", "military"],
        ["attractive", "unattractive", "attractiveness"],
        ["immigrant", "immigrants", "migrant", "migrants"],
    ]

    /// The classes (indices into ``groupClasses``) that `words` name.
    static func groupClassIndices(_ words: some Sequence<String>) -> Set<Int> {
        var out = Set<Int>()
        for word in words {
            for (index, members) in groupClasses.enumerated() where members.contains(word) {
                out.insert(index)
            }
        }
        return out
    }

    /// Every word of the classes `text` names ("women" gives "female", "woman" …): the
    /// tokens with which an arm's label ('Female gender') is found from the page's words.
    static func everydayTokens(_ text: String) -> Set<String> {
        Set(groupClassIndices(letterWords(text)).flatMap { groupClasses[$0] })
    }

    /// The group classes a claim's statement names (its own words, quoted or not), read once a
    /// page; an aside in parentheses is left out, as it names the study's dimension ("In study
    /// 'oreopoulos' (gender and motherhood status), … 'female gender'"), not the claim's group.
    mutating func statementGroupClasses(_ claim: EvidenceClaim) -> Set<Int> {
        if let known = groupClassesByClaim[claim.id] { return known }
        var depth = 0
        let outside = String(claim.statement.map { ch -> Character in
            if ch == "(" { depth += 1 }
            defer { if ch == ")" { depth = max(0, depth - 1) } }
            return depth > 0 ? " " : ch
        })
        let classes = Self.groupClassIndices(Self.letterWords(outside))
        groupClassesByClaim[claim.id] = classes
        return classes
    }

    /// The lowercased words of `text`, letters only ("black-sounding" gives "black", "sounding").
    static func letterWords(_ text: String) -> [String] {
        GroupTerms.joiningNon(text.lowercased()).split { !$0.isWordLetter }.map(String.init)
    }

    /// Whether an uncited sentence may take `claim`'s number: a claim that is one group's figure
    /// (its statement quotes a group's label, as a register's rows do) only when the sentence
    /// names that group, by every word of its label or by its class (``groupClasses``). Trial
    /// 13: "Veterans got callbacks at a rate of 14.5%" is not Gaddis's 'Anglo-Saxon name' arm,
    /// nor "About 25% of applications got a callback" the 'non-parent' arm of another study;
    /// sharing a register's template words ("callbacks", "rate", "applications") and a number
    /// is no evidence that the page means that group.
    mutating func namesGroup(of claim: EvidenceClaim, in sentence: String) -> Bool {
        let labels = Self.quotedGroups(claim.statement)
        guard !labels.isEmpty else { return true }
        let said = Set(Self.letterWords(sentence))
        for label in labels {
            let words = Self.letterWords(label).filter { !Self.stopWords.contains($0) }
            if !words.isEmpty, words.allSatisfy(said.contains) { return true }
        }
        let classes = Self.groupClassIndices(said)
        return !classes.isEmpty && !classes.isDisjoint(with: statementGroupClasses(claim))
    }

    /// The quoted group names of a statement ('Age 38', 'Age 24 or age 28'), for a message; a
    /// Hausladen row's study name ("In study 'oreopoulos'") is not a group.
    static func quotedGroups(_ statement: String) -> [String] {
        let c = Array(statement)
        var out: [String] = []
        var i = 0
        while i < c.count {
            guard c[i] == "'", i == 0 || !c[i - 1].isWordLetter, let close = c[(i + 1)...].firstIndex(where: { $0 == "'" }),
                  close + 1 >= c.count || !c[close + 1].isWordLetter else { i += 1; continue }
            let lead = String(c[max(0, i - 6)..<i]).lowercased()
            if !lead.hasSuffix("study ") { out.append("'" + String(c[(i + 1)..<close]) + "'") }
            i = close + 1
        }
        return out
    }

    /// Holds each supported number to the groups its clause names in everyday words: when the
    /// clause names a group (``groupClasses``) the crediting claim's statement does not, names
    /// none of the groups the statement does, and the work has several comparisons (another claim whose statement names other groups),
    /// the number goes to a claim of the work that states it and names every such group, else
    /// it is `unsupported`, the message naming the page's word and the claim's groups. The
    /// authors' names of the claim's work are not groups ("White (2019)"). A study's n is the
    /// study's, whichever comparison it is written with, and is not held this way.
    mutating func heldToEverydayGroups(_ clauses: [(finding: CheckFinding, clause: String)]) -> [(finding: CheckFinding, clause: String)] {
        var out = clauses
        for i in out.indices {
            let finding = out[i].finding
            guard finding.subject == .number, finding.verdict == .supported, let number = finding.number, number.kind != .sampleSize,
                  let claim = finding.claim.flatMap({ claimBySlug[$0] }), let work = claim.sourceID,
                  let siblings = claimsByWork[work], siblings.count > 1 else { continue }
            let parts = out[i].clause.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            var clause = parts.last ?? ""
            // "mothers were believed less suitable for hiring (d = 1.21)": a number in an aside
            // is of the group the clause around the aside names (trial 6, item 4, FReD).
            if let sentence = parts.first, let found = sentence.range(of: clause), found.lowerBound > sentence.startIndex,
               sentence[sentence.index(before: found.lowerBound)] == "(" {
                clause += " " + Self.clause(at: sentence.distance(from: sentence.startIndex, to: found.lowerBound) - 1, in: sentence)
            }
            let authors = Set((citedWorks[work]?.authors ?? []).flatMap { Self.letterWords($0) })
            var named: [Int: String] = [:]
            for word in Self.letterWords(clause) where !authors.contains(word) {
                for index in Self.groupClassIndices([word]) where named[index] == nil { named[index] = word }
            }
            let own = statementGroupClasses(claim)
            let missing = Set(named.keys).subtracting(own)
            // A clause that names one of the claim's own groups is about it; another group word
            // qualifies it ("pregnant applicants against female applicants who were not
            // pregnant", "Muslim applicants of white phenotype"; review 9, B2).
            guard !missing.isEmpty, own.isDisjoint(with: named.keys) else { continue }
            // Several comparisons: another claim of the work names other groups.
            guard siblings.contains(where: { $0.id != claim.id && statementGroupClasses($0) != own }) else { continue }
            let fitting = siblings.filter { sibling in
                sibling.id != claim.id && Set(named.keys).isSubset(of: statementGroupClasses(sibling)) && states(sibling, number)
            }
            let context = Context(clause: clause, sentence: clause)
            if let other = best(fitting, in: context) {
                out[i].finding.claim = other.slug
                out[i].finding.grade = other.grade
                out[i].finding.message = supportedMessage(other, number)
                continue
            }
            let words = missing.compactMap { named[$0] }.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            let groups = Self.quotedGroups(claim.statement)
            let about = groups.isEmpty ? "whose statement does not name that group" : "which is about \(groups.joined(separator: " and "))"
            out[i].finding.verdict = .unsupported
            out[i].finding.message = "the page names \(words), but \(finding.text) is what \(claim.slug) states, \(about); "
                + "the work has other comparisons, so the KB cannot tell that the number is that group's"
        }
        return out
    }
}
