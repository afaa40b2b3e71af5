/// Decodes `Decodable` DTOs from a parsed `JSONValue`: the light replacement for
/// `JSONDecoder` on vendor answers. Same rules as `JSONDecoder`'s defaults (a number never
/// decodes as a string nor a string as a number; integers must be whole and in range; a
/// missing key and `null` are both absent for `decodeIfPresent`), so the DTOs' lenient
/// readers behave exactly as before — at a fraction of the cost, and a `JSONValue` member
/// (`raw`) is handed over as is instead of being rebuilt value by value.
public struct JSONValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoding(value, codingPath: []))
    }

    /// Parses `bytes` (strict JSON) and decodes `T` from it.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: JSONValue(parsing: bytes))
    }
}

/// One value being decoded; also its own single-value container. Its coding path is
/// built only when asked for (errors, nested containers): DTOs read dozens of members
/// per record, most through `try?`, and an array per member read would dominate.
struct JSONValueDecoding: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    private let parentPath: [any CodingKey]
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        parentPath = codingPath
        key = nil
    }

    init(_ value: JSONValue, parentPath: [any CodingKey], key: any CodingKey) {
        self.value = value
        self.parentPath = parentPath
        self.key = key
    }

    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(JSONValueKeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([JSONValue].self) }
        return JSONValueUnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(type) }
        return b
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let s) = value else { throw mismatch(type) }
        return s
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let n) = value else { throw mismatch(type) }
        return n
    }

    func decode(_ type: Float.Type) throws -> Float {
        guard case .number(let n) = value else { throw mismatch(type) }
        guard abs(n) <= Double(Float.greatestFiniteMagnitude) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number does not fit Float"))
        }
        return Float(n)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        return try T(from: self)
    }

    /// A whole number in range; `1.5` or `1e300` is no `Int`, as with `JSONDecoder`.
    private func integer<T: BinaryInteger>(_ type: T.Type) throws -> T {
        guard case .number(let n) = value else { throw mismatch(type) }
        guard let i = T(exactly: n) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number does not fit \(T.self)"))
        }
        return i
    }

    /// Cheap on purpose: lenient DTO readers probe types with `try?` and throw this away
    /// several times per record, so the path stops at the container (no array built) and
    /// the description is a constant.
    func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: parentPath, debugDescription: value.kindName))
    }
}

extension JSONValue {
    /// For error texts: the kind of value found, never its content.
    var kindName: String {
        switch self {
        case .null: "found null"
        case .bool: "found a boolean"
        case .number: "found a number"
        case .string: "found a string"
        case .array: "found an array"
        case .object: "found an object"
        }
    }
}
