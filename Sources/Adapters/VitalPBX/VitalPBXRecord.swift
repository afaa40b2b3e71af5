import PBXCore

/// A VitalPBX DTO read straight from the parsed answer. The records of the hot paths
/// (extensions and what they nest) read their members from the `JSONValue` tree instead of
/// going member by member through a `Decoder`; `Decodable` comes for free on top, so the
/// generic paths (`one`, fixtures, `JSONDecoder` in tests) keep working unchanged.
protocol VitalPBXRecord: Decodable {
    init(json: JSONValue) throws(VitalPBXShapeError)
}

extension VitalPBXRecord {
    /// A record that does not read is a `DecodingError`, as `Decodable` promises.
    init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            try self.init(json: json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}

/// A record without the members or the shape the docs give it.
struct VitalPBXShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    var record: String
    var description: String { "VitalPBX \(record) does not have the documented shape" }
}

/// The members of one record object, read leniently (see `VitalPBXLenient`).
struct VitalPBXFields {
    let members: JSONObject
    let record: String

    init(_ value: JSONValue, record: String) throws(VitalPBXShapeError) {
        guard case .object(let members) = value else { throw VitalPBXShapeError(record: record) }
        self.members = members
        self.record = record
    }

    subscript(_ key: String) -> JSONValue? { members[key] }

    /// String, int, double or bool as text; `""` and `null` are nil.
    func string(_ key: String) -> String? { VitalPBXLenient.text(members[key]) }

    /// Strings or numbers in an array, each as text.
    func strings(_ key: String) -> [String] { VitalPBXLenient.texts(members[key]) }

    /// The first of `keys` that holds a usable id (string or int); a record without one is
    /// not a record.
    func requiredID(_ keys: String...) throws(VitalPBXShapeError) -> String {
        for key in keys { if let id = string(key) { return id } }
        throw VitalPBXShapeError(record: record)
    }
}
