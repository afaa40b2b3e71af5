import Foundation
import HTTPServer
import Logging
@testable import Gateway
import PBXCore

/// The gateway's full middleware chain and routes without sockets, over fixture adapters:
/// fast, deterministic tests of what the gateway itself decides.
struct InProcessGateway {
    let application: GatewayApplication
    let logs = LogCapture()
    static let fullKey = "full-key-0123456789"
    static let readOnlyKey = "read-only-key-0123456789"
    static let scopedKey = "scoped-key-0123456789"
    /// Configured in its `sha256:` form.
    static let hashedKey = "hashed-key-0123456789"

    /// Tenants: `acme` → `adapter`, `beta` → another fixture adapter, `legacy` → a vendor
    /// without an adapter (answers 501). `cacheTTL`: a tenant's TTLs other than the defaults.
    init(adapter: FixtureAdapter = FixtureAdapter(), beta: FixtureAdapter = FixtureAdapter(vendor: "fonial"),
         acmeCountry: String? = "DE", cacheTTL: [String: CacheTTLs] = [:]) throws {
        let url = URL(string: "https://pbx.example.net/api/")!
        func tenant(_ id: String, _ vendor: String, _ adapter: FixtureAdapter?) -> Tenant {
            var settings = TenantSettings(id: id, vendor: vendor, url: url, username: "u-\(id)", password: "pw-canary-\(id)")
            if id == "acme" { settings.country = acmeCountry }
            return Tenant(configuration: TenantConfiguration(settings: settings, cacheTTL: cacheTTL[id] ?? CacheTTLs()), adapter: adapter)
        }
        let directory = TenantDirectory(tenants: [tenant("acme", "pascom", adapter), tenant("beta", "fonial", beta),
                                                  tenant("legacy", "vitalpbx", nil)])
        let keys = [
            KeyConfiguration(name: "full", digest: SHA256.digest(Array(Self.fullKey.utf8)), scope: .all),
            KeyConfiguration(name: "ro", digest: SHA256.digest(Array(Self.readOnlyKey.utf8)), scope: .all, readOnly: true),
            KeyConfiguration(name: "scoped", digest: SHA256.digest(Array(Self.scopedKey.utf8)), scope: .only(["beta"])),
            KeyConfiguration(name: "hashed", digest: Hex.decode(KeyStore.hashed(Self.hashedKey))!, scope: .only(["acme"])),
        ]
        let configuration = GatewayConfiguration(tenants: directory.tenants.map(\.configuration), keys: keys)
        application = GatewayApplication(configuration: configuration, directory: directory, clock: FixedClock(),
                                         logger: logs.logger(level: .debug))
    }

    func request(_ method: HTTPMethod, _ target: String, body: String? = nil,
                 key: String?? = .none) async throws -> TestResponse {
        var headers = HTTPHeaders()
        let chosen: String? = switch key { case .none: Self.fullKey; case .some(let k): k }
        if let chosen { headers.add("Authorization", "Bearer \(chosen)") }
        let request = HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        let response = try await application.responder.respond(to: request, context: RequestContext(requestID: "req-1"))
        return TestResponse(status: response.status.code, headers: response.headers.fields, body: response.body)
    }

    func get(_ target: String, key: String?? = .none) async throws -> TestResponse {
        try await request(.GET, target, key: key)
    }
}

/// 2023-11-14T22:13:20Z + 40 minutes: after every fixture call, so the default 24 h window
/// holds them all.
struct FixedClock: WallClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_700_000_000 + 40 * 60) }
}
