import Foundation
import Testing
@testable import Gateway
import PBXCore

/// The configuration file of API.md: a valid file decodes with its defaults; every start-up
/// error is one line that names the problem (and the key and line).
@Suite struct ConfigurationTests {
    static let environment = ["ACME_PBX_PASSWORD": "pw-acme", "BETA_PASSWORD": "pw-beta", "GAMMA_KEY": "k-gamma",
                              "DELTA_KEY": "k-delta", "CRM_KEY": "crm-secret-key"]

    static let example = """
    server:
      listen: "127.0.0.1:8080"
    tenants:
      acme:
        vendor: pascom
        url: "https://pascom.cloud/acme/services/"
        username: moby
        password: "${ACME_PBX_PASSWORD}"
        country: DE
        timezone: Europe/Berlin
      beta:
        vendor: fonial
        url: "https://kundenkonto.fonial.de/api/2.0"
        username: "info@example.de"
        password: "${BETA_PASSWORD}"
        callbackPath: "/call/callback"
      gamma:
        vendor: vitalpbx
        url: "https://pbx.example.net/api/v2"
        apiKey: "${GAMMA_KEY}"
        vendorTenant: "1"
        cosId: 3
        timeoutSeconds: 2.5
        cacheTTLSeconds: {users: 5, calls: 0}
      delta:
        vendor: pbxcloud
        url: "https://portal.example.eu/pbx/proxyapi.php"
        apiKey: "${DELTA_KEY}"
        vendorTenant: "DEMO"
        phonebook: office
        options:
          region: eu
    keys:
      - name: crm
        key: "${CRM_KEY}"
        tenants: ["*"]
        readOnly: false
      - name: reseller
        sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        tenants: [acme, beta]
        readOnly: true
        rateLimit: {requestsPerSecond: 5, burst: 10}
    """

    func parse(_ yaml: String, environment: [String: String] = ConfigurationTests.environment) throws(ConfigurationError) -> GatewayConfiguration {
        try ConfigurationLoader(environment: environment).parse(yaml: yaml)
    }

    /// The one-line error for `yaml`; fails the test if it loads.
    func error(_ yaml: String, environment: [String: String] = ConfigurationTests.environment) -> String {
        do {
            _ = try parse(yaml, environment: environment)
            Issue.record("configuration unexpectedly valid")
            return ""
        } catch {
            #expect(!error.message.contains("\n"), "error must be one line: \(error.message)")
            return error.message
        }
    }

    @Test func theExampleOfTheContractLoadsWithDefaults() throws {
        let c = try parse(Self.example)
        #expect(c.server.host == "127.0.0.1" && c.server.port == 8080)
        #expect(c.tenants.map(\.id) == ["acme", "beta", "gamma", "delta"])
        let acme = try #require(c.tenant("acme"))
        #expect(acme.settings.password == "pw-acme")
        #expect(acme.settings.country == "DE")
        #expect(acme.settings.timeZone.identifier == "Europe/Berlin")
        #expect(acme.settings.timeout == .seconds(10))
        #expect(acme.cacheTTL == CacheTTLs())
        #expect(acme.settings.phonebook == "default" && acme.settings.cosId == 1)
        let beta = try #require(c.tenant("beta"))
        #expect(beta.settings.callbackPath == "/call/callback")
        #expect(beta.settings.timeZone.secondsFromGMT() == 0)
        let gamma = try #require(c.tenant("gamma"))
        #expect(gamma.settings.apiKey == "k-gamma" && gamma.settings.vendorTenant == "1" && gamma.settings.cosId == 3)
        #expect(gamma.settings.timeout == .milliseconds(2500))
        #expect(gamma.cacheTTL.users == 5 && gamma.cacheTTL.calls == 0 && gamma.cacheTTL.queues == 60)
        let delta = try #require(c.tenant("delta"))
        #expect(delta.settings.phonebook == "office" && delta.settings.options == ["region": "eu"])
        #expect(c.keys.count == 2)
        #expect(c.keys[0].digest == SHA256.digest(Array("crm-secret-key".utf8)))
        #expect(c.keys[0].scope == .all && !c.keys[0].readOnly)
        #expect(c.keys[1].digest == SHA256.digest(Array("abc".utf8)))
        #expect(c.keys[1].scope == .only(["acme", "beta"]) && c.keys[1].readOnly)
        #expect(c.keys[1].rateLimit == RateLimitRule(requestsPerSecond: 5, burst: 10))
    }

    @Test func substitutionWorksInsideAValue() throws {
        let yaml = Self.example.replacingOccurrences(of: "username: moby", with: "username: \"user-${CRM_KEY}-x\"")
        #expect(try parse(yaml).tenant("acme")?.settings.username == "user-crm-secret-key-x")
    }

    @Test func missingFileIsNamed() throws {
        do {
            _ = try ConfigurationLoader(environment: [:]).load(path: "/nonexistent/switchboard.yaml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.message == "configuration file not found: /nonexistent/switchboard.yaml")
        }
    }

    @Test func yamlErrorNamesTheLine() {
        let message = error("tenants:\n  acme:\n    vendor: pascom\n    url: [unclosed\nkeys: []\n")
        #expect(message.hasPrefix("YAML error at line "), "\(message)")
    }

    @Test func unknownKeyIsNamedWithItsLine() {
        let yaml = Self.example.replacingOccurrences(of: "    country: DE\n", with: "    country: DE\n    contry: AT\n")
        let message = error(yaml)
        #expect(message.contains("unknown key 'tenants.acme.contry'"), "\(message)")
        #expect(message.hasPrefix("line 10:"), "\(message)")
    }

    @Test func unknownTopLevelKeyIsNamed() {
        #expect(error("servers: {}\n" + Self.example).contains("unknown key 'servers'"))
    }

    @Test func missingEnvironmentVariableIsNamed() {
        var env = Self.environment
        env["GAMMA_KEY"] = nil
        let message = error(Self.example, environment: env)
        #expect(message.contains("environment variable GAMMA_KEY is not set"), "\(message)")
        #expect(message.hasPrefix("line 20:"), "\(message)")
    }

    @Test func unknownVendorIsNamed() {
        let message = error(Self.example.replacingOccurrences(of: "vendor: fonial", with: "vendor: starface"))
        #expect(message.contains("unknown vendor 'starface'"), "\(message)")
    }

    @Test(arguments: [("password: \"${ACME_PBX_PASSWORD}\"\n", "pascom", "password"),
                      ("password: \"${BETA_PASSWORD}\"\n", "fonial", "password"),
                      ("apiKey: \"${GAMMA_KEY}\"\n", "vitalpbx", "apiKey"),
                      ("vendorTenant: \"DEMO\"\n", "pbxcloud", "vendorTenant")])
    func missingCredentialIsNamed(line: String, vendor: String, credential: String) {
        let message = error(Self.example.replacingOccurrences(of: "    " + line, with: ""))
        #expect(message.contains("vendor \(vendor) needs '\(credential)'"), "\(message)")
    }

    @Test(arguments: ["ftp://pbx.example.net/api", "not a url", "https://", "https://user:pw@pbx.example.net/"])
    func badURLIsRefused(url: String) {
        let message = error(Self.example.replacingOccurrences(of: "\"https://pbx.example.net/api/v2\"", with: "\"\(url)\""))
        #expect(message.contains("tenants.gamma.url: bad URL"), "\(message)")
        #expect(!message.contains("pw@"), "the URL's credentials must not be echoed")
    }

    @Test func duplicateTenantIsNamed() {
        let yaml = Self.example.replacingOccurrences(of: "  beta:\n", with: "  acme:\n")
        let message = error(yaml)
        #expect(message.contains("duplicate key 'tenants.acme'"), "\(message)")
        #expect(message.contains("first at line 4"), "\(message)")
    }

    @Test func keyNamingAnUnknownTenantIsNamed() {
        let message = error(Self.example.replacingOccurrences(of: "tenants: [acme, beta]", with: "tenants: [acme, omega]"))
        #expect(message.contains("key 'reseller' names unknown tenant 'omega'"), "\(message)")
    }

    @Test func malformedKeysAreRefused() {
        #expect(error(Self.example.replacingOccurrences(of: "sha256: \"ba78", with: "sha256: \"zz78")).contains("64 hex digits"))
        #expect(error(Self.example.replacingOccurrences(of: "tenants: [\"*\"]", with: "tenants: []")).contains("at least one tenant"))
        #expect(error(Self.example.replacingOccurrences(of: "  - name: crm\n", with: "  - \n")).contains("keys[0] needs a 'name'"))
    }

    @Test func badSettingValuesAreNamed() {
        #expect(error(Self.example.replacingOccurrences(of: "country: DE", with: "country: Germany")).contains("tenants.acme.country"))
        #expect(error(Self.example.replacingOccurrences(of: "Europe/Berlin", with: "Mars/Olympus")).contains("unknown time zone"))
        #expect(error(Self.example.replacingOccurrences(of: "timeoutSeconds: 2.5", with: "timeoutSeconds: -1")).contains("tenants.gamma.timeoutSeconds"))
        #expect(error(Self.example.replacingOccurrences(of: "{users: 5, calls: 0}", with: "{userz: 5}")).contains("tenants.gamma.cacheTTLSeconds.userz"))
        #expect(error(Self.example.replacingOccurrences(of: "127.0.0.1:8080", with: "localhost")).contains("server.listen"))
    }

    @Test func secretsAreNeverQuotedInErrors() {
        // A bad value next to a secret: the message names keys, never the secret's value.
        let yaml = Self.example.replacingOccurrences(of: "readOnly: false", with: "readOnly: maybe")
        let message = error(yaml)
        #expect(message.contains("keys[0].readOnly"))
        for secret in Self.environment.values { #expect(!message.contains(secret)) }
    }

    @Test func loadsFromAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-config-\(UUID().uuidString).yaml").path
        try Self.example.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ConfigurationLoader(environment: Self.environment).load(path: path).tenants.count == 4)
    }
}
