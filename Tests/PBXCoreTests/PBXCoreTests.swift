import Testing
@testable import PBXCore

/// E.164 normalisation: national (`0…`), international (`00…`, `011…`), `+`, separators,
/// brackets, caller-id strings; short internal extensions stay as they are.
@Suite struct PhoneNumberNormalizerTests {
    static let germanyCases: [(String, String)] = [
        ("0221 66966966", "+4922166966966"),
        ("+49 221 66966966", "+4922166966966"),
        ("0049 221 66966966", "+4922166966966"),
        ("(0221) 669-669-66", "+4922166966966"),
        ("0221/66966966", "+4922166966966"),
        ("4922166966966", "+4922166966966"),
        ("+49 (0)221 66966966", "+4922166966966"),
        ("0171 1234567", "+491711234567"),
        ("\"Tina Sander\" <101>", "101"),
        ("\"Zentrale\" <0221 66966966>", "+4922166966966"),
        ("101", "101"),
        ("2001", "2001"),
        ("0033 1 42 68 53 00", "+33142685300"),
        ("*97", "*97"),
    ]

    static let austriaCases: [(String, String)] = [
        ("01 5878900", "+4315878900"),
        ("0043 1 5878900", "+4315878900"),
        ("+43 664 1234567", "+436641234567"),
        ("0664-1234567", "+436641234567"),
        ("22", "22"),
    ]

    static let switzerlandCases: [(String, String)] = [
        ("044 668 18 00", "+41446681800"),
        ("0041 44 668 18 00", "+41446681800"),
        ("+41 (0)44 668 18 00", "+41446681800"),
        ("079 123 45 67", "+41791234567"),
        ("300", "300"),
    ]

    static let unitedStatesCases: [(String, String)] = [
        ("(415) 555-2671", "+14155552671"),
        ("415.555.2671", "+14155552671"),
        ("1-415-555-2671", "+14155552671"),
        ("+1 415 555 2671", "+14155552671"),
        ("011 49 221 66966966", "+4922166966966"),
        ("2671", "2671"),
    ]

    @Test(arguments: germanyCases) func germany(input: String, expected: String) {
        #expect(PhoneNumberNormalizer(country: "DE").normalize(input) == expected)
    }

    @Test(arguments: austriaCases) func austria(input: String, expected: String) {
        #expect(PhoneNumberNormalizer(country: "AT").normalize(input) == expected)
    }

    @Test(arguments: switzerlandCases) func switzerland(input: String, expected: String) {
        #expect(PhoneNumberNormalizer(country: "ch").normalize(input) == expected)
    }

    @Test(arguments: unitedStatesCases) func unitedStates(input: String, expected: String) {
        #expect(PhoneNumberNormalizer(country: "US").normalize(input) == expected)
    }

    @Test func withoutCountryOnlyInternationalFormsBecomeE164() {
        let n = PhoneNumberNormalizer(country: nil)
        #expect(n.normalize("+49 221 66966966") == "+4922166966966")
        #expect(n.normalize("0049 221 66966966") == "+4922166966966")
        #expect(n.normalize("0221 66966966") == "022166966966")
        #expect(n.normalize("101") == "101")
    }

    @Test func callerIDStringsSplitIntoNameAndNumber() {
        #expect(PhoneNumberNormalizer.splitCallerID("\"Tina Sander\" <101>") == ("Tina Sander", "101"))
        #expect(PhoneNumberNormalizer.splitCallerID("Reception <+4922166966966>") == ("Reception", "+4922166966966"))
        #expect(PhoneNumberNormalizer.splitCallerID("<200>") == (nil, "200"))
        #expect(PhoneNumberNormalizer.splitCallerID("0221 123") == (nil, "0221 123"))
    }
}

@Suite struct SecretRedactionTests {
    @Test func secretMembersAreRemovedAtAnyDepth() {
        let raw: JSONValue = .object([
            "name": .string("Tina"),
            "013pee_password": .string("p1"),
            "sip": .object(["secret": .string("s1"), "host": .string("pbx")]),
            "devices": .array([.object(["api_key": .string("k1"), "monkey": .string("ok")])]),
            "sid": .string("session"),
        ])
        let cleaned = raw.redactingSecrets()
        #expect(cleaned == .object([
            "name": .string("Tina"),
            "sip": .object(["host": .string("pbx")]),
            "devices": .array([.object(["monkey": .string("ok")])]),
        ]))
    }
}

@Suite struct CapabilityTests {
    @Test func namesMatchTheContract() {
        // API.md lists exactly these 25 names.
        let contract = """
        calls.list calls.get calls.active calls.originate calls.hangup calls.transfer users.list
        users.get users.presence queues.list queues.get queues.agents queues.pause phonebook.list
        phonebook.get phonebook.create phonebook.update phonebook.delete phonebook.lookup
        voicemail.boxes voicemail.messages voicemail.audio voicemail.delete devices.list numbers.list
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        #expect(Capability.allCases.map(\.rawValue) == contract)
    }
}
