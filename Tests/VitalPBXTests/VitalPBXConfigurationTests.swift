import Foundation
import PBXCore
import Testing
@testable import VitalPBX

func settings(url: String = "https://pbx.example.net/api/v2/", apiKey: String? = "k", vendorTenant: String? = "1",
              cosId: Int = 1, options: [String: String] = [:]) -> TenantSettings {
    TenantSettings(id: "gamma", vendor: "vitalpbx", url: URL(string: url)!, apiKey: apiKey, vendorTenant: vendorTenant,
                   cosId: cosId, options: options)
}

@Suite struct VitalPBXConfigurationTests {
    @Test func defaults() throws {
        let c = try VitalPBXConfiguration(settings: settings())
        #expect(c.baseURL == "https://pbx.example.net/api/v2")
        #expect(c.origin == "https://pbx.example.net")
        #expect(c.apiKey == "k")
        #expect(c.tenant == "1")
        #expect(c.cosID == 1)
        #expect(c.cdrStartParam == "start_date")
        #expect(c.cdrEndParam == "end_date")
        #expect(c.cdrDateFormat == .epoch)
        #expect(c.cdrSort == .orderBy)
        #expect(c.cdrMaxRows == 5000)
        #expect(c.sortItems.map(\.0) == ["order_by", "order_type"])
    }

    @Test func optionsAreRead() throws {
        let c = try VitalPBXConfiguration(settings: settings(url: "http://10.0.0.5:8080/api/v2", cosId: 3, options: [
            "cdrStartParam": "from", "cdrEndParam": "to", "cdrDateFormat": "date", "cdrSort": "sort_by", "cdrMaxRows": "200",
        ]))
        #expect(c.origin == "http://10.0.0.5:8080")
        #expect(c.cosID == 3)
        #expect((c.cdrStartParam, c.cdrEndParam) == ("from", "to"))
        #expect(c.cdrDateFormat == .date)
        #expect(c.sortItems.map(\.0) == ["sort_by", "sort_order"])
        #expect(c.cdrMaxRows == 200)
    }

    @Test(arguments: [
        (settings(apiKey: nil), "apiKey"),
        (settings(apiKey: ""), "apiKey"),
        (settings(apiKey: "a\r\nb"), "apiKey"),
        (settings(vendorTenant: nil), "vendorTenant"),
        (settings(url: "ftp://pbx/api/v2"), "url"),
        (settings(cosId: 0), "cosId"),
        (settings(options: ["cdrSortt": "x"]), "options.cdrSortt"),
        (settings(options: ["cdrDateFormat": "unix"]), "options.cdrDateFormat"),
        (settings(options: ["cdrSort": "asc"]), "options.cdrSort"),
        (settings(options: ["cdrMaxRows": "0"]), "options.cdrMaxRows"),
        (settings(options: ["cdrStartParam": "a&b"]), "options.cdrStartParam"),
        (settings(options: ["cdrEndParam": "start_date"]), "options.cdrEndParam"),
    ])
    func invalidSettingsNameTheKey(_ s: TenantSettings, _ key: String) {
        #expect {
            _ = try VitalPBXConfiguration(settings: s)
        } throws: { error in
            guard let e = error as? AdapterConfigurationError else { return false }
            return e.key == key && e.tenant == "gamma" && !e.description.contains("a\r\nb")
        }
    }

    @Test func makeDeclaresCapabilities() throws {
        let adapter = try VitalPBXAdapter.make(settings: settings(), transport: RecordingTransport(), clock: SystemWallClock(), events: { _ in })
        #expect(adapter.vendor == "vitalpbx")
        #expect(adapter.capabilities.contains(.callsList))
        #expect(adapter.capabilities.contains(.voicemailDelete))
        for missing: Capability in [.phonebookCreate, .phonebookUpdate, .phonebookDelete, .callsActive, .callsHangup,
                                    .callsTransfer, .usersPresence, .numbersList] {
            #expect(!adapter.capabilities.contains(missing))
        }
    }
}
