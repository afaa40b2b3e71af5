/// Header fields in arrival order. Names keep their case for forwarding; lookups are
/// ASCII case-insensitive. A small array beats a dictionary for the ~10 fields a request has.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public var fields: [(name: String, value: String)]

    public init() { fields = [] }
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public subscript(name: String) -> String? {
        for field in fields where field.name.utf8.count == name.utf8.count && field.name.lowercased() == name.lowercased() {
            return field.value
        }
        return nil
    }

    public func values(_ name: String) -> [String] {
        let lower = name.lowercased()
        return fields.filter { $0.name.lowercased() == lower }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    public mutating func remove(_ name: String) {
        let lower = name.lowercased()
        fields.removeAll { $0.name.lowercased() == lower }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}
