import Foundation
import Testing
@testable import Fonial

@Suite struct FonialCallIDTests {
    private let time = FonialLocalTime(year: 2016, month: 8, day: 1, hour: 10, minute: 15, second: 16)

    @Test func sameFieldsGiveTheSameIdDifferentFieldsAnother() {
        let a = FonialCallID(kind: .evn, time: time, fields: ["fo1", "2016-08-01 10:15:16", "+491", "+492"])
        let b = FonialCallID(kind: .evn, time: time, fields: ["fo1", "2016-08-01 10:15:16", "+491", "+492"])
        let c = FonialCallID(kind: .evn, time: time, fields: ["fo1", "2016-08-01 10:15:16", "+491", "+493"])
        #expect(a.description == b.description)
        #expect(a.description != c.description)
        #expect(a.description.hasPrefix("evn-20160801101516-"))
        #expect(a.description.count == "evn-20160801101516-".count + 16)
    }

    /// FNV-1a 64 reference values (the published test vectors), so ids do not depend on
    /// this process.
    @Test func hashIsFNV1a64() {
        #expect(FonialCallID.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(FonialCallID.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(FonialCallID.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func parsesWhatItPrints() throws {
        var id = FonialCallID(kind: .jrn, time: time, fields: ["x"])
        #expect(FonialCallID(parsing: id.description) == id)
        id.occurrence = 3
        #expect(id.description.hasSuffix("-3"))
        #expect(FonialCallID(parsing: id.description) == id)
    }

    @Test(arguments: ["", "evn", "abc-20160801101516-0123456789abcdef", "evn-2016080110151-0123456789abcdef",
                      "evn-20161301101516-0123456789abcdef", "evn-20160801101516-0123456789abcdeg",
                      "evn-20160801101516-0123456789abcdef-1", "evn-20160801101516-0123456789abcdef-02",
                      "jrn-20160801101516-0123456789abcdef-x", "../../etc/passwd"])
    func rejectsForeignIds(text: String) {
        #expect(FonialCallID(parsing: text) == nil)
    }
}
