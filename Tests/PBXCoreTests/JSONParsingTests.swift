import Foundation
import Testing
@testable import PBXCore

/// `JSONValue(parsing:)` and `JSONValueDecoder` replace Foundation's `JSONDecoder` on every
/// vendor answer, so Foundation is the reference: same values, same refusals.
@Suite struct JSONParsingTests {
    static let documents: [String] = [
        #"{"status":"success","data":[{"extension_id":1,"extension":"100","name":"Jhone Doe","email":null,"nospy":false,"tenant_id":1}]}"#,
        #"[1, -2, 3.25, -0.5, 1e3, 2E-2, 123456789012345, 1234567890123456789, 0]"#,
        #"  {"nested": {"a": [[], {}, [{"b": [true, false, null]}]]}, "empty": "", "x": "y"}  "#,
        #"{"s": "a\"b\\c\/d\n\t\r\b\f\u00e4\ud83d\ude00 ünïcødé €"}"#,
        #""just a string""#, "42", "true", "null",
        #"{"dup": 1, "dup": 2}"#,
        "\u{FEFF}{\"bom\": 1}",
        // Long texts are scanned eight bytes at a time: specials and non-ASCII at every offset.
        #"{"long name of a member": "0123456789abcdefghij ä 0123456789 \" \\ € 😀 end", "ascii only": "abcdefghijklmnopqrstuvwxyz"}"#,
    ]

    @Test(arguments: documents)
    func parsesAsFoundationDoes(text: String) throws {
        let bytes = Array(text.utf8)
        let reference = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        #expect(try JSONValue(parsing: bytes) == reference)
    }

    static let malformed: [String] = [
        "", " ", "{", "}", "[1,,]", "{\"a\":1,,}", "[,]", "{,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "[1 2]",
        "{\"a\": \"x\ny\"}", "tru", "nul", "[01]", "[+1]", "[.5]", "[1.]", "[1e]", "[-]", "[1e999]",
        "{\"a\": 1} x", "\"\\q\"", "\"\\u12\"", "\"unterminated", "[\"\u{1}\"]", "'single'",
    ]

    @Test(arguments: malformed)
    func refusesWhatFoundationRefuses(text: String) {
        let bytes = Array(text.utf8)
        #expect((try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) == nil)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: bytes) }
    }

    @Test func invalidUTF8IsRefused() throws {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: bytes) }
        for prefix in 0..<18 {
            let padding = Array(String(repeating: "x", count: prefix).utf8)
            let invalid: [UInt8] = Array(#"[""#.utf8) + padding + [0xE2, 0x28, 0xA1] + Array("abcdefgh\"]".utf8)
            #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: invalid) }
            let escaped: [UInt8] = Array(#"["\n"#.utf8) + padding + [0xFF] + Array(#""]"#.utf8)
            #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: escaped) }
            let control: [UInt8] = Array(#"[""#.utf8) + padding + [0x1F] + Array("abcdefghij\"]".utf8)
            #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: control) }
            let fine: [UInt8] = Array(#"[""#.utf8) + padding + Array("é\"]".utf8)
            #expect(try JSONValue(parsing: fine) == .array([.string(String(repeating: "x", count: prefix) + "é")]))
        }
    }

    /// Foundation takes one trailing comma (fonial's docs depend on it), never two.
    @Test(arguments: [#"{"a": [1, 2,], "b": {"c": 3,},}"#, "[1,]", "[[],]"])
    func oneTrailingCommaIsAccepted(text: String) throws {
        let reference = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try JSONValue(parsing: Array(text.utf8)) == reference)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONValue(parsing: Array(fine.utf8)) }
    }
}

/// A DTO exercising what the adapters' lenient readers rely on: `try?` per type, absent vs
/// `null`, nested containers, arrays read element by element, `JSONValue` members.
private struct Probe: Decodable, Equatable {
    var text: [String?] = []
    var ints: [Int64?] = []
    var doubles: [Double?] = []
    var bools: [Bool?] = []
    var nils: [Bool] = []
    var mixed: [String] = []
    var nested: Int?
    var raw: JSONValue?
    var keys: [String] = []

    enum CodingKeys: String, CodingKey { case a, b, c, d, e, list, inner, raw, missing }
    enum InnerKeys: String, CodingKey { case n }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.a, .b, .c, .d, .e, .missing] {
            text.append(try? c.decodeIfPresent(String.self, forKey: key))
            ints.append(try? c.decodeIfPresent(Int64.self, forKey: key))
            doubles.append(try? c.decodeIfPresent(Double.self, forKey: key))
            bools.append(try? c.decodeIfPresent(Bool.self, forKey: key))
            nils.append((try? c.decodeNil(forKey: key)) ?? false)
        }
        if var list = try? c.nestedUnkeyedContainer(forKey: .list) {
            while !list.isAtEnd {
                if let s = try? list.decode(String.self) { mixed.append("s:" + s) }
                else if let i = try? list.decode(Int64.self) { mixed.append("i:\(i)") }
                else if let d = try? list.decode(Double.self) { mixed.append("d:\(d)") }
                else if (try? list.decodeNil()) == true { mixed.append("nil") }
                else { _ = try list.decode(JSONValue.self); mixed.append("other") }
            }
        }
        nested = try? c.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner).decode(Int.self, forKey: .n)
        raw = try? c.decode(JSONValue.self, forKey: .raw)
        keys = c.allKeys.map(\.stringValue).sorted()
    }
}

@Suite struct JSONValueDecoderTests {
    static let bodies: [String] = [
        #"{"a": "x", "b": 3, "c": 2.5, "d": true, "e": null, "list": ["s", 7, 1.5, null, {"o": 1}, [1]], "inner": {"n": 4}, "raw": {"k": [1, "2"]}}"#,
        #"{"a": "", "b": "3", "c": 1e2, "d": "true", "list": [], "inner": {"n": 4.5}, "raw": null}"#,
        #"{"a": 12345678901234, "b": -1, "c": 1e300, "d": 0, "e": false, "inner": [], "list": {"x": 1}}"#,
        #"{"unknown": 1}"#,
    ]

    @Test(arguments: bodies)
    func decodesAsFoundationDoes(text: String) throws {
        let reference = try JSONDecoder().decode(Probe.self, from: Data(text.utf8))
        #expect(try JSONValueDecoder().decode(Probe.self, from: Array(text.utf8)) == reference)
    }

    @Test func typeErrorsAreThrownNotTrapped() {
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Probe.self, from: JSONValue.array([])) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode([Int].self, from: JSONValue.array([.number(1.5)])) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode([String: Int8].self, from: JSONValue.object(["a": .number(300)])) }
        #expect(throws: (any Error).self) { try JSONValueDecoder().decode(Probe.self, from: Array("{".utf8)) }
    }

    @Test func dictionariesAndArraysOfPlainTypes() throws {
        let text = #"{"a": [1, 2], "b": []}"#
        let reference = try JSONDecoder().decode([String: [Int]].self, from: Data(text.utf8))
        #expect(try JSONValueDecoder().decode([String: [Int]].self, from: Array(text.utf8)) == reference)
    }
}

@Suite struct SecretFieldsTests {
    /// The byte-level check must agree with the general (Unicode) rules on every ASCII name.
    @Test func asciiRulesMatchTheGeneralRules() {
        let names = ["password", "013pee_password", "PassWord", "secret", "features_password", "vm_md5", "api_key", "apikey",
                     "app-key", "token", "key", "sid", "pin", "hash", "user_key", "KEY", "pin_code", "monkey", "inside",
                     "ping", "hashed", "keyboard", "sidebar", "name", "extension", "tenant_id", "x-key-y", "a.sid",
                     "", "_", "k", "ke", "Hash", "pinned", "spin", "session_id", "apikeys", "md", "tok"]
        for name in names {
            #expect(SecretFields.isSecretASCII(name) == generalRule(name), "\(name)")
        }
        #expect(SecretFields.isSecretASCII("pässword") == nil)
        #expect(SecretFields.isSecret("pässword_md5"))
    }

    /// The rules as `isSecret` states them for any name.
    private func generalRule(_ name: String) -> Bool {
        let lower = name.lowercased()
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for marker in SecretFields.markers {
            if marker.count <= 4, marker != "pass", marker != "md5" {
                if words.contains(marker) { return true }
            } else if lower.contains(marker) {
                return true
            }
        }
        return false
    }

    @Test func redactionKeepsCleanRecordsAndRemovesSecretsAtAnyDepth() {
        let clean: JSONValue = .object(["name": .string("a"), "list": .array([.object(["id": .number(1)])])])
        #expect(clean.redactingSecrets() == clean)
        let dirty: JSONValue = .object(["name": .string("a"), "secret": .string("s"), "devices": .array([.object(["pin": .string("1"), "id": .number(2)])]),
                                        "extra": .string("x")])
        #expect(dirty.redactingSecrets(extra: ["extra"]) == .object(["name": .string("a"), "devices": .array([.object(["id": .number(2)])])]))
    }
}
