extension String {
    /// nil for the empty string, so that `?? default` and optional chaining see "no value".
    package var nilIfEmpty: String? { isEmpty ? nil : self }

    /// The string without leading and trailing whitespace (Unicode's definition, line breaks
    /// included). A fast replacement for Foundation's `trimmingCharacters(in:)` on hot paths.
    package var trimmed: String {
        Substring(self).trimmed
    }
}

extension Substring {
    package var trimmed: String {
        // Most values have nothing to trim: check the ends first.
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return "" }
        let isPlain = { (byte: UInt8) in byte > 0x20 && byte < 0x80 }
        if isPlain(firstByte) && isPlain(lastByte) { return String(self) }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
