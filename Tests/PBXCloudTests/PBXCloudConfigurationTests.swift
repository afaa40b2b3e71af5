import Foundation
import PBXCore
import Testing
@testable import PBXCloud

@Suite struct PBXCloudConfigurationTests {
    @Test func defaultsAndWholeURL() throws {
        let c = try PBXCloudConfiguration(settings: settings(url: "https://pbx.example.com/mirtapbx/proxyapi.php"))
        #expect(c.endpoint.absoluteString == "https://pbx.example.com/mirtapbx/proxyapi.php")
        #expect(c.apiKey == "K3y-s3cr3t-canary" && c.vendorTenant == "DEMO" && c.phonebook == "default")
        #expect(c.cdrWindow == .seconds(24 * 3600))
        #expect(c.voicemailCounts)
        #expect(c.timeZone == .berlin && c.country == "DE")
    }

    @Test func options() throws {
        let c = try PBXCloudConfiguration(settings: settings(options: ["cdrWindowHours": "6", "voicemailCounts": "false"]))
        #expect(c.cdrWindow == .seconds(6 * 3600))
        #expect(!c.voicemailCounts)
    }

    @Test(arguments: [
        (settings(apiKey: nil), "apiKey"),
        (settings(apiKey: ""), "apiKey"),
        (settings(apiKey: "with space"), "apiKey"),
        (settings(vendorTenant: nil), "vendorTenant"),
        (settings(vendorTenant: "DE MO"), "vendorTenant"),
        (settings(url: "ftp://pbx.example.com/pbx/proxyapi.php"), "url"),
        (settings(url: "https://pbx.example.com/"), "url"),
        (settings(url: "https://pbx.example.com/pbx/proxyapi.php?key=abc"), "url"),
        (settings(options: ["cdrWindowHours": "0"]), "options.cdrWindowHours"),
        (settings(options: ["cdrWindowHours": "x"]), "options.cdrWindowHours"),
        (settings(options: ["voicemailCounts": "maybe"]), "options.voicemailCounts"),
        (settings(options: ["colour": "red"]), "options.colour"),
    ])
    func invalidSettingsNameTheKey(_ s: TenantSettings, _ key: String) {
        #expect {
            _ = try PBXCloudConfiguration(settings: s)
        } throws: { error in
            guard let e = error as? AdapterConfigurationError else { return false }
            return e.key == key && e.tenant == "delta" && !e.description.contains("K3y-s3cr3t-canary")
        }
    }

    @Test func makeThrowsTheConfigurationError() {
        #expect(throws: AdapterConfigurationError.self) {
            _ = try PBXCloudAdapter.make(settings: settings(apiKey: nil), transport: RecordingTransport { _ in .init(status: 200) },
                                         clock: SystemWallClock(), events: { _ in })
        }
    }
}
