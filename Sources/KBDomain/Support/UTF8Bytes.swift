extension String {
    /// Calls `body` with the string's UTF-8 bytes in one buffer: a native string's own storage,
    /// no copy (a bridged one is made native first). Scanning a buffer is several times faster
    /// than iterating `utf8`, which the importers do for every field of every record.
    @inlinable
    package func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var text = self
        return try text.withUTF8(body)
    }

    /// Whether every character is ASCII.
    package var isAllASCII: Bool {
        withUTF8Bytes { bytes in !bytes.contains { $0 >= 0x80 } }
    }
}
