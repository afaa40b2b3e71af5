/// A matched route's path parameters, percent-decoded (`{tenant}` → `"acme"`). The first
/// one is held inline: nearly every route has exactly one (`{tenant}`), and a dictionary
/// for it was an allocation, a hash and an insert on every request.
public struct PathParameters: Sendable, Equatable {
    // Invariant: `rest` is empty while `first` is nil.
    private var first: (name: String, value: String)?
    private var rest: [String: String] = [:]

    public init() {}

    public init(_ dictionary: [String: String]) {
        for (name, value) in dictionary { self[name] = value }
    }

    public subscript(name: String) -> String? {
        get { first?.name == name ? first?.value : rest[name] }
        set {
            guard let current = first else {
                first = newValue.map { (name, $0) }
                return
            }
            guard current.name == name else {
                rest[name] = newValue
                return
            }
            if let newValue {
                first = (name, newValue)
            } else if let promoted = rest.first {
                rest[promoted.key] = nil
                first = (promoted.key, promoted.value)
            } else {
                first = nil
            }
        }
    }

    public var count: Int { (first == nil ? 0 : 1) + rest.count }
    public var isEmpty: Bool { first == nil }

    /// Whether every parameter is `name` (true for none at all).
    public func allNamed(_ name: String) -> Bool {
        (first.map { $0.name == name } ?? true) && rest.isEmpty
    }

    /// All of them as a dictionary (built on each call).
    public var dictionary: [String: String] {
        var all = rest
        if let first { all[first.name] = first.value }
        return all
    }

    public static func == (a: PathParameters, b: PathParameters) -> Bool { a.dictionary == b.dictionary }
}
