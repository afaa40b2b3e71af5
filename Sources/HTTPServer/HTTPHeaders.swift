/// Header fields in arrival order. Names keep their case for forwarding; lookups are
/// ASCII case-insensitive. A small array beats a dictionary for the ~10 fields a request has.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public var fields: [(name: String, value: String)] { didSet { wire = nil } }

    /// The fields as the server writes them (see `prepareWireForm()`); gone with any change.
    private(set) var wire: [UInt8]?

    /// Encodes the fields for the wire now, so that a response sent many times as it is (a
    /// cached answer) costs one copy of these bytes per send instead of encoding each
    /// field again. Any later change to the fields drops the encoding.
    public mutating func prepareWireForm() {
        var bytes: [UInt8] = []
        ResponseEncoder.appendFields(self, to: &bytes)
        wire = bytes
    }

    public init() { fields = [] }
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public subscript(name: String) -> String? {
        for field in fields where Self.sameName(field.name, name) { return field.value }
        return nil
    }

    public func values(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        // In place when the field is there once (the usual case): no removal pass.
        if let i = fields.firstIndex(where: { Self.sameName($0.name, name) }) {
            // Already so (and only once): no write, so headers shared with another copy
            // of the response are not copied.
            if fields[i].value == value, fields[i].name == name,
               !fields[(i + 1)...].contains(where: { Self.sameName($0.name, name) }) { return }
            fields[i] = (name: name, value: value)
            var j = i + 1
            while j < fields.count {
                if Self.sameName(fields[j].name, name) { fields.remove(at: j) } else { j += 1 }
            }
            return
        }
        fields.append((name: name, value: value))
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    public mutating func remove(_ name: String) {
        guard fields.contains(where: { Self.sameName($0.name, name) }) else { return }
        fields.removeAll { Self.sameName($0.name, name) }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// ASCII case-insensitive equality of field names (RFC 9110 §5.1), byte by byte:
    /// `lowercased()` allocated on every lookup and showed up in profiles.
    @inline(__always)
    static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        // Native strings (all of ours) compare on their buffers; zip over the views was slow.
        if let same = x.withContiguousStorageIfAvailable({ p in
            y.withContiguousStorageIfAvailable { q in
                for i in 0..<p.count where p[i] != q[i] && ASCII.lower(p[i]) != ASCII.lower(q[i]) { return false }
                return true
            }
        }), let same { return same }
        for (p, q) in zip(x, y) where p != q && ASCII.lower(p) != ASCII.lower(q) { return false }
        return true
    }
}
