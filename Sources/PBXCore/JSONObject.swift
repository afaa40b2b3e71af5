/// A JSON object: its members in order, each name once (of a repeated name in a parsed
/// body the first wins). A parsed object is a view into its `JSONDocument` and decodes a
/// member only when it is read; an object built in code, or changed, owns its members.
///
/// Lookups compare names one by one, which for records of a few dozen members costs less
/// than hashing every name up front; an object read many times by name, with many members,
/// is better turned into a `dictionary` once.
public struct JSONObject: Sendable {
    public typealias Member = (key: String, value: JSONValue)

    enum Storage: Sendable {
        case parsed(JSONDocument, token: Int)
        case owned([Member])
    }

    var storage: Storage

    public init() { storage = .owned([]) }

    init(document: JSONDocument, token: Int) { storage = .parsed(document, token: token) }

    /// Members in the given order; of a repeated name the first wins.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        var owned: [Member] = []
        var seen = Set<String>()
        for (key, value) in members where seen.insert(key).inserted { owned.append((key, value)) }
        storage = .owned(owned)
    }

    /// Members in the order of their names, so that output built from it is stable.
    public init(_ dictionary: [String: JSONValue]) {
        storage = .owned(dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    public subscript(key: String) -> JSONValue? {
        get {
            switch storage {
            case .owned(let members):
                return members.first { $0.key == key }?.value
            case .parsed(let document, let token):
                var name = key
                return name.withUTF8 { document.member(of: token, named: $0) }.map(document.value(at:))
            }
        }
        set {
            var members = ownedMembers
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key, newValue))
            }
            storage = .owned(members)
        }
    }

    public var isEmpty: Bool {
        switch storage {
        case .owned(let members): members.isEmpty
        case .parsed(let document, let token): document.tokens[token].length == 0
        }
    }

    public var count: Int {
        if case .owned(let members) = storage { return members.count }
        // Names only: the values are not decoded to be counted.
        var names = makeIterator()
        var n = 0
        while names.nextName() != nil { n += 1 }
        return n
    }

    public var keys: [String] { map(\.key) }
    public var values: [JSONValue] { map(\.value) }

    /// All members as a dictionary, for code that looks many names up in a large object.
    public var dictionary: [String: JSONValue] {
        Dictionary(map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var out = JSONObject()
        out.storage = .owned(try map { (key: $0.key, value: try transform($0.value)) })
        return out
    }

    private var ownedMembers: [Member] {
        if case .owned(let members) = storage { return members }
        return Array(self)
    }
}

extension JSONObject: Sequence {
    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var position = 0
        /// Names met so far, in an object too large to look back through for each member.
        var seen: Set<String>?

        init(_ object: JSONObject) {
            self.object = object
            if case .parsed(let document, let token) = object.storage, document.tokens[token].length > 32 { seen = [] }
        }

        public mutating func next() -> Member? {
            switch object.storage {
            case .owned(let members):
                guard position < members.count else { return nil }
                position += 1
                return members[position - 1]
            case .parsed(let document, _):
                guard let name = nextName() else { return nil }
                return (document.string(document.tokens[name]), document.value(at: name + 1))
            }
        }

        /// The token of the next member's name in a parsed object, skipping repeated names.
        mutating func nextName() -> Int? {
            guard case .parsed(let document, let token) = object.storage else { return nil }
            if position == 0 { position = token + 1 }
            let end = Int(document.tokens[token].end)
            while position < end {
                let name = position
                position = Int(document.tokens[name + 1].end)
                if seen != nil {
                    if seen!.insert(document.string(document.tokens[name])).inserted { return name }
                } else if !document.repeatsEarlierName(at: name, in: token) {
                    return name
                }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    public var underestimatedCount: Int { isEmpty ? 0 : 1 }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}

/// Objects are equal when they have the same names with equal values, in any order, as
/// dictionaries were.
extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let members = Array(lhs)
        return members.count == rhs.count && members.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        var sum = 0
        var count = 0
        for (key, value) in self {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            sum &+= member.finalize()
            count += 1
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}

extension JSONObject: Encodable {
    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Name.self)
        for (key, value) in self { try c.encode(value, forKey: Name(stringValue: key)) }
    }
}
