import Foundation
import PBXCore

/// PBX Cloud (MiRTA `proxyapi.php`) settings of one tenant, validated once at start-up.
///
/// Config keys (API.md): `url` is the whole endpoint, path included, because operators
/// differ (`/pbx/proxyapi.php`, `/mirtapbx/proxyapi.php`, `/1com/proxyapi.php`);
/// `apiKey` (Tenant or Admin key) and `vendorTenant` (tenant code, always sent, CATALOGUE
/// §8.36) are required; `phonebook` names the phone book (default `default`).
/// `options:` (all optional):
/// - `cdrWindowHours` (1…744, default 24): history is fetched in windows of this size,
///   newest first, because the vendor has no paging (FIELD-NOTES §A1).
/// - `voicemailCounts` (`true`/`false`, default `true`): count new/old messages per box
///   with one `VOICEMAIL action=messages` per box; `false` leaves the counts null.
public struct PBXCloudConfiguration: Sendable {
    public var tenantID: String
    public var endpoint: URL
    public var apiKey: String
    public var vendorTenant: String
    public var phonebook: String
    public var timeZone: TimeZone
    public var country: String?
    public var timeout: Duration
    public var caFile: String?
    public var cdrWindow: Duration
    public var voicemailCounts: Bool

    public static let knownOptions: Set<String> = ["cdrWindowHours", "voicemailCounts"]
    public static let defaultCDRWindowHours = 24

    public init(settings s: TenantSettings) throws(AdapterConfigurationError) {
        func fail(_ key: String, _ message: String) -> AdapterConfigurationError {
            AdapterConfigurationError(tenant: s.id, key: key, message: message)
        }
        guard let scheme = s.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = s.url.host, !host.isEmpty else {
            throw fail("url", "must be an absolute http(s) URL of proxyapi.php")
        }
        guard !s.url.path.isEmpty, s.url.path != "/" else {
            throw fail("url", "must include the path of proxyapi.php (e.g. /pbx/proxyapi.php)")
        }
        if let query = s.url.query, query.lowercased().split(separator: "&").contains(where: { $0.hasPrefix("key=") }) {
            throw fail("url", "must not carry the key; put it in apiKey")
        }
        guard let key = s.apiKey, !key.isEmpty else { throw fail("apiKey", "is required for pbxcloud") }
        guard key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else {
            throw fail("apiKey", "must be printable ASCII without spaces")
        }
        guard let tenant = s.vendorTenant, !tenant.isEmpty else { throw fail("vendorTenant", "is required for pbxcloud (the tenant code)") }
        guard tenant.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }) else {
            throw fail("vendorTenant", "must be a tenant code (letters, digits, - _ .)")
        }
        guard !s.phonebook.isEmpty, !s.phonebook.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail("phonebook", "must be a phone book name")
        }
        for name in s.options.keys where !Self.knownOptions.contains(name) {
            throw fail("options.\(name)", "unknown option for pbxcloud (known: \(Self.knownOptions.sorted().joined(separator: ", ")))")
        }
        var hours = Self.defaultCDRWindowHours
        if let raw = s.options["cdrWindowHours"] {
            guard let h = Int(raw), (1...744).contains(h) else { throw fail("options.cdrWindowHours", "must be a whole number of hours from 1 to 744") }
            hours = h
        }
        var counts = true
        if let raw = s.options["voicemailCounts"] {
            switch raw.lowercased() {
            case "true", "yes", "1": counts = true
            case "false", "no", "0": counts = false
            default: throw fail("options.voicemailCounts", "must be true or false")
            }
        }
        tenantID = s.id
        endpoint = s.url
        apiKey = key
        vendorTenant = tenant
        phonebook = s.phonebook
        timeZone = s.timeZone
        country = s.country
        timeout = s.timeout
        caFile = s.caFile
        cdrWindow = .seconds(hours * 3600)
        voicemailCounts = counts
    }
}
