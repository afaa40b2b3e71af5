import Foundation
import Testing
@testable import PBXCore

/// A parsed object is a view that decodes members when they are read; these pin that it
/// behaves as the dictionary it replaced did, whatever the body looks like.
@Suite struct JSONObjectTests {
    private func object(_ text: String) throws -> JSONObject {
        guard case .object(let o) = try JSONValue(parsing: Array(text.utf8)) else { throw JSONSyntaxError(offset: -1) }
        return o
    }

    @Test func readsMembersByNameWhateverTheirKind() throws {
        let o = try object(#"{"s": "text", "n": -12, "d": 2.5, "t": true, "f": false, "z": null, "a": [1, {"x": "y"}], "o": {"in": [true]}}"#)
        #expect(o["s"] == .string("text"))
        #expect(o["n"] == .number(-12))
        #expect(o["d"] == .number(2.5))
        #expect(o["t"] == .bool(true) && o["f"] == .bool(false) && o["z"] == .null)
        #expect(o["a"] == .array([.number(1), .object(["x": .string("y")])]))
        #expect(o["o"]?["in"] == .array([.bool(true)]))
        #expect(o["missing"] == nil && o["S"] == nil && o["s "] == nil && o[""] == nil)
        #expect(o.count == 8 && !o.isEmpty)
    }

    @Test func theFirstOfARepeatedNameWinsEverywhere() throws {
        let o = try object(#"{"a": 1, "b": 2, "a": 3, "c": {"k": 1, "k": 2}, "b": 4}"#)
        #expect(o["a"] == .number(1) && o["b"] == .number(2))
        #expect(o.keys == ["a", "b", "c"])
        #expect(o.count == 3)
        #expect(o.values == [.number(1), .number(2), .object(["k": .number(1)])])
        #expect(o.dictionary == ["a": .number(1), "b": .number(2), "c": .object(["k": .number(1)])])
    }

    /// Past 32 members repeated names are found through a set, not by looking back.
    @Test func aLargeObjectWithRepeatsCountsEachNameOnce() throws {
        let members = (0..<500).map { #""m\#($0 % 200)": \#($0)"# }.joined(separator: ",")
        let o = try object("{\(members)}")
        #expect(o.count == 200)
        #expect(o["m7"] == .number(7) && o["m199"] == .number(199))
        #expect(Set(o.keys).count == 200)
    }

    @Test func namesWrittenWithEscapesAreFoundByTheirText() throws {
        let o = try object(#"{"a\u0062c": 1, "quo\"te": 2, "\u00e4": 3, "ä": 4, "tab\t": 5}"#)
        #expect(o["abc"] == .number(1))
        #expect(o["quo\"te"] == .number(2))
        #expect(o["ä"] == .number(3))   // the escaped "ä" comes first and wins
        #expect(o["tab\t"] == .number(5))
        #expect(o.count == 4)
    }

    @Test func stringsDecodeEscapesAndUnicode() throws {
        let o = try object(#"{"e": "a\"b\\c\/d\n\t\r\b\f\u00e4\ud83d\ude00", "u": "ünïcødé €", "lone": "\ud800x", "nul": "\u0000"}"#)
        #expect(o["e"] == .string("a\"b\\c/d\n\t\r\u{08}\u{0C}ä😀"))
        #expect(o["u"] == .string("ünïcødé €"))
        #expect(o["lone"] == .string("\u{FFFD}x"))
        #expect(o["nul"] == .string("\u{0}"))
    }

    @Test func changingAParsedObjectLeavesTheParsedOneAlone() throws {
        let parsed = try object(#"{"a": 1, "b": {"c": 2}}"#)
        var copy = parsed
        copy["a"] = .string("x")
        copy["new"] = .null
        copy["b"] = nil
        #expect(copy == ["a": .string("x"), "new": .null])
        #expect(parsed == ["a": .number(1), "b": .object(["c": .number(2)])])
        #expect(copy.keys == ["a", "new"])
    }

    @Test func equalityAndHashIgnoreOrderAndStorage() throws {
        let parsed = try object(#"{"b": [1, 2], "a": {"x": null}}"#)
        let built: JSONObject = ["a": .object(["x": .null]), "b": .array([.number(1), .number(2)])]
        #expect(parsed == built)
        #expect(parsed.hashValue == built.hashValue)
        #expect(Set([JSONValue.object(parsed), .object(built)]).count == 1)
        #expect(parsed != ["a": .object(["x": .null])])
        #expect(parsed != ["a": .object(["x": .null]), "b": .array([.number(2), .number(1)])])
    }

    @Test func encodesAsTheObjectItIs() throws {
        let parsed = try object(#"{"z": 1, "a": [true, "s"], "z": 2}"#)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(parsed), as: UTF8.self) == #"{"a":[true,"s"],"z":1}"#)
    }

    @Test func redactionOfAParsedRecordDropsSecretsAndKeepsTheRest() throws {
        let record = try JSONValue(parsing: Array(#"{"name": "a", "secret": "s", "devices": [{"pin": "1", "id": 2}], "id": 7}"#.utf8))
        #expect(record.redactingSecrets() == .object(["name": .string("a"), "devices": .array([.object(["id": .number(2)])]), "id": .number(7)]))
        let clean = try JSONValue(parsing: Array(#"{"name": "a", "list": [{"id": 1}]}"#.utf8))
        #expect(clean.redactingSecrets() == clean)
    }

    @Test func builtObjectsKeepTheFirstOfARepeatedNameAndTheirOrder() {
        let o = JSONObject([("b", .number(1)), ("a", .number(2)), ("b", .number(3))])
        #expect(o.keys == ["b", "a"] && o["b"] == .number(1))
        #expect(JSONObject(["y": .null, "x": .null]).keys == ["x", "y"])
        #expect(o.mapValues { _ in .null } == ["a": .null, "b": .null])
    }
}
