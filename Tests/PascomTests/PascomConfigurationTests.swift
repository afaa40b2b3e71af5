import Foundation
import PBXCore
import Testing
import Upstream
@testable import Pascom

@Suite("pascom configuration")
struct PascomConfigurationTests {
    @Test func defaults() throws {
        let c = try PascomConfiguration(settings: testSettings(url: "https://pascom.cloud/acme/services"))
        #expect(c.baseURL == "https://pascom.cloud/acme/services/")
        #expect(c.username == "moby")
        #expect(c.dialPrefix == "auto")
        #expect(c.cdrBatchSize == 100)
        #expect(c.cdrRequestsPerPage == 8)
        #expect(c.phonebookBatchSize == 500)
        #expect(c.voicemailLimit == 500)
        #expect(c.deviceDetails)
    }

    @Test func options() throws {
        let c = try PascomConfiguration(settings: testSettings(options: ["dialPrefix": "0", "cdrBatchSize": "250",
                                                                           "deviceDetails": "false", "voicemailLimit": "20"]))
        #expect(c.dialPrefix == "0")
        #expect(c.cdrBatchSize == 250)
        #expect(!c.deviceDetails)
        #expect(c.voicemailLimit == 20)
    }

    @Test(arguments: [
        (["cdrBatchSize": "5"], "options.cdrBatchSize"),
        (["cdrBatchSize": "many"], "options.cdrBatchSize"),
        (["cdrRequestsPerPage": "0"], "options.cdrRequestsPerPage"),
        (["deviceDetails": "maybe"], "options.deviceDetails"),
        (["dialPrefix": "0; rm"], "options.dialPrefix"),
        (["colour": "blue"], "options.colour"),
    ])
    func badOptionsNameTheKey(options: [String: String], key: String) {
        #expect {
            try PascomConfiguration(settings: testSettings(options: options))
        } throws: { error in
            (error as? AdapterConfigurationError)?.key == key && (error as? AdapterConfigurationError)?.tenant == "acme"
        }
    }

    @Test func credentialsAndURLAreRequired() {
        var s = testSettings()
        s.username = nil
        #expect { try PascomConfiguration(settings: s) } throws: { ($0 as? AdapterConfigurationError)?.key == "username" }
        s = testSettings()
        s.password = ""
        #expect { try PascomConfiguration(settings: s) } throws: { ($0 as? AdapterConfigurationError)?.key == "password" }
        #expect { try PascomConfiguration(settings: testSettings(url: "ftp://pbx/acme/services/")) } throws: {
            ($0 as? AdapterConfigurationError)?.key == "url"
        }
        #expect { try PascomConfiguration(settings: testSettings(url: "https://pbx/acme/services/?x=1")) } throws: {
            ($0 as? AdapterConfigurationError)?.key == "url"
        }
    }

    @Test func errorsNeverCarryThePassword() {
        var s = testSettings(options: ["cdrBatchSize": "x"])
        s.password = "canary-password-123"
        do {
            _ = try PascomConfiguration(settings: s)
            Issue.record("expected an error")
        } catch {
            #expect(!String(describing: error).contains("canary-password-123"))
        }
    }

    @Test func adapterDeclaresEveryCapability() throws {
        let adapter = try makeAdapter(RecordingTransport { _ throws(UpstreamError) in json("[]") })
        #expect(adapter.vendor == "pascom")
        #expect(adapter.capabilities == Set(Capability.allCases))
    }
}
