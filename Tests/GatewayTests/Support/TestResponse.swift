import Foundation
import PBXCore

/// One answer of the gateway as the tests see it.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The body parsed as JSON, nil when it is not JSON.
    var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// `type` of a problem response, e.g. `/problems/unsupported`.
    var problemType: String? { json?["type"]?.stringValue }
}

extension JSONValue {
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    var intValue: Int? { if case .number(let n) = self, n.rounded() == n { Int(n) } else { nil } }
    var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    var isNull: Bool { self == .null }
}
