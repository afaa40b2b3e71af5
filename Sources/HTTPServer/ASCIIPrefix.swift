extension Substring {
    /// Whether the UTF-8 bytes start with `prefix`, compared on the buffer: the generic
    /// `hasPrefix` / `starts(with:)` on views walk index by index and showed up in profiles
    /// of code that checks a path on every request.
    public func hasASCIIPrefix(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        let u = utf8
        guard u.count >= n else { return false }
        if let result = u.withContiguousStorageIfAvailable({ b in
            for i in 0..<n where b[i] != prefix.utf8Start[i] { return false }
            return true
        }) { return result }
        return u.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: n))
    }
}
