import Foundation
import PBXCore
import Testing
import Upstream
@testable import PBXCloud

/// MiRTA's answer quirks, each read in the one place that handles them.
@Suite struct PBXCloudDTOTests {
    func classify(_ body: String, status: Int = 200, contentType: String = "application/json",
                  expect: PBXCloudClient.Expect = .rows) throws(PBXError) -> PBXCloudClient.Answer {
        try PBXCloudClient.classify(UpstreamResponse(status: status, headers: [("Content-Type", contentType)], body: Array(body.utf8)),
                                    operation: "reqtype=INFO info=cdrs", expect: expect)
    }

    @Test func badKeyTextIsAnAuthenticationFailureEvenWithJSONContentType() throws {
        let text = String(decoding: try Fixture.bytes("bad-key.txt"), as: UTF8.self)
        #expect(text.utf8.count == 46)
        for expect in [PBXCloudClient.Expect.rows, .text, .audio] {
            #expect {
                _ = try classify(text, expect: expect)
            } throws: { error in
                guard case PBXError.authenticationFailed(let detail) = error else { return false }
                return detail.contains("refused the API key") && detail.contains("reqtype=INFO")
            }
        }
    }

    @Test func emptyBodyIsNoRowsEvenWithFormatJSON() throws {
        guard case .empty = try classify("") else { Issue.record("0 bytes must mean no rows"); return }
        guard case .empty = try classify("]") else { Issue.record("a lone ] must mean no rows"); return }
        guard case .empty = try classify(" \n") else { Issue.record("whitespace must mean no rows"); return }
    }

    @Test func nonJSONWhereJSONWasAskedIsAnUpstreamError() {
        for body in ["Number|Name|Tech|State|Username|Password\n101|Tina|PJSIP|NOT_INUSE|101-DEMO|", "<html>oops</html>", "{\"unterminated"] {
            #expect {
                _ = try classify(body, contentType: "text/html; charset=UTF-8")
            } throws: { error in
                guard case PBXError.upstream(let status, let detail) = error else { return false }
                return status == 200 && detail.contains("not JSON") && !detail.contains("Tina")
            }
        }
    }

    @Test func httpErrorStatusIsAnUpstreamErrorWithoutTheBody() {
        #expect {
            _ = try classify("<b>Fatal error</b>: secret stack trace", status: 500, contentType: "text/html")
        } throws: { error in
            guard case PBXError.upstream(let status, let detail) = error else { return false }
            return status == 500 && !detail.contains("secret")
        }
    }

    @Test func recordsFoldQuirkyValues() throws {
        let json = #"{"a":"x","b":"","c":null,"d":17,"e":2.5,"f":true,"0":"x","g":{"nested":1},"h":"  "}"#
        let record = try JSONDecoder().decode(PBXCloudRecord.self, from: Data(json.utf8))
        #expect(record["a"] == "x")
        #expect(record["b"] == nil && record["c"] == nil && record["h"] == nil)
        #expect(record["d"] == "17" && record.int("d") == 17)
        #expect(record["e"] == "2.5" && record.int("e") == 2)
        #expect(record["f"] == "1")
        #expect(record["g"] == nil)
    }

    @Test func rowsFromArrayKeyedObjectSingleObjectAndNull() throws {
        func rows(_ s: String) throws -> PBXCloudRows { try JSONDecoder().decode(PBXCloudRows.self, from: Data(s.utf8)) }
        #expect(try rows(#"[{"id":"1"},{"id":"2"}]"#).rows.map { $0["id"] } == ["1", "2"])
        let keyed = try rows(#"{"10":{"id":"b"},"9":{"id":"a"},"x-1":{"id":"c"}}"#)
        #expect(keyed.rows.map { $0["id"] } == ["a", "b", "c"])
        #expect(keyed.keys == ["9", "10", "x-1"])
        #expect(try rows(#"{"id":"7","0":"7"}"#).rows.map { $0["id"] } == ["7"])
        #expect(try rows("null").isNull)
        #expect(try rows("[]").rows.isEmpty)
    }

    @Test func positionalDuplicatesDoNotChangeNamedFields() throws {
        let cdr = try #require(try Fixture.rows("info-cdrs.json").rows.first)
        #expect(cdr["disposition"] == "ANSWERED")
        #expect(cdr["10"] == "ANSWERED")
        #expect(cdr.raw(allowed: PBXCloudCDR.fields)["10"] == nil)
    }

    @Test func vendorTimes() {
        #expect(PBXCloudTime.parse("2024-01-15 09:58:17", timeZone: .berlin) == date(2024, 1, 15, 8, 58, 17))
        #expect(PBXCloudTime.parse("2024-07-15 09:58:17", timeZone: .berlin) == date(2024, 7, 15, 7, 58, 17))
        #expect(PBXCloudTime.parse("2024-01-15", timeZone: .utc) == date(2024, 1, 15, 0, 0, 0))
        #expect(PBXCloudTime.parse("1705312697", timeZone: .utc) == Date(timeIntervalSince1970: 1705312697))
        #expect(PBXCloudTime.parse("0000-00-00 00:00:00", timeZone: .utc) == nil)
        #expect(PBXCloudTime.parse("", timeZone: .utc) == nil)
        #expect(PBXCloudTime.parse("2024-13-45 99:00:00", timeZone: .utc) == nil)
        #expect(PBXCloudTime.format(date(2024, 1, 15, 8, 58, 17), timeZone: .berlin) == "2024-01-15 09:58:17")
    }

    @Test func dialAnswerCarriesTheOriginateID() throws {
        let answer = PBXCloudPipeAnswer(text: String(decoding: try Fixture.bytes("dial.txt"), as: UTF8.self))
        #expect(answer.isSuccess)
        #expect(answer.identifier == "15a4cfe6429054")
        #expect(answer.fields == ["Success", "Originate successfully queued", "15a4cfe6429054"])
        #expect(!PBXCloudPipeAnswer(text: "Error|Channel not found|").isSuccess)
        #expect(PBXCloudPipeAnswer(text: "Success|Record deleted|").identifier == nil)
    }

    @Test func audioIsRecognisedByRIFFOrContentType() throws {
        let wav = Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)
        let answer = try PBXCloudClient.classify(UpstreamResponse(status: 200, headers: [("Content-Type", "text/html")], body: wav),
                                                 operation: "x", expect: .audio)
        guard case .audio(let type, let bytes) = answer else { Issue.record("not audio"); return }
        #expect(type == "audio/wav" && bytes == wav)
        #expect(throws: PBXError.self) { _ = try classify("<html>", contentType: "text/html", expect: .audio) }
    }
}
