extension StringProtocol {
    /// Whether the ASCII text `needle` occurs in the string, compared byte for byte on UTF-8.
    /// For validating identifiers and URL parts: unlike Foundation's `contains(_:)` it never
    /// bridges to `NSString` or compares by canonical equivalence, so it costs a scan and
    /// rejects a `..` even where a combining mark follows a dot.
    public func containsASCII(_ needle: StaticString) -> Bool {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = n.first else { return true }
        let bytes = utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == first {
                var j = bytes.index(after: i)
                var k = 1
                while k < n.count, j != bytes.endIndex, bytes[j] == n[k] {
                    j = bytes.index(after: j)
                    k += 1
                }
                if k == n.count { return true }
            }
            i = bytes.index(after: i)
        }
        return false
    }
}
