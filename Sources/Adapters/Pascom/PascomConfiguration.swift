import Foundation
import PBXCore

/// A pascom tenant's settings, validated once at start-up.
///
/// Common keys: `url` (`https://[SERVER]/[INSTANZ]/services/`), `username`, `password`,
/// `country`, `timezone`, `timeoutSeconds`, `caFile`. Options (`options:` map), all optional:
/// - `dialPrefix` (default `auto`): the `prefix` of click-to-dial device actions.
/// - `cdrBatchSize` (default 100, 10...5000): most records asked of `/cdr/` per request.
///   pascom answers at most 100 records by default; a PBX that caps `limit` lower than this
///   value would end the history early, so it must not exceed the PBX's cap.
/// - `cdrRequestsPerPage` (default 8, 1...50): most `/cdr/` requests spent on one page when
///   `number`/`user` filters (applied here, pascom cannot OR them) skip many records.
/// - `phonebookBatchSize` (default 500, 10...5000): `limit` of `/phonebook/` requests.
/// - `voicemailLimit` (default 500, 1...10000): `limit` of message lists (pascom's own
///   default is 20).
/// - `deviceDetails` (default `true`): fetch `/device/{name}` per device for its owner.
public struct PascomConfiguration: Sendable {
    public var tenant: String
    /// Always ends in `/`.
    public var baseURL: String
    public var username: String
    public var password: String
    public var country: String?
    public var timeZone: TimeZone
    public var caFile: String?
    public var dialPrefix: String
    public var cdrBatchSize: Int
    public var cdrRequestsPerPage: Int
    public var phonebookBatchSize: Int
    public var voicemailLimit: Int
    public var deviceDetails: Bool

    static let knownOptions: Set<String> = ["dialPrefix", "cdrBatchSize", "cdrRequestsPerPage", "phonebookBatchSize",
                                            "voicemailLimit", "deviceDetails"]

    public init(settings s: TenantSettings) throws(AdapterConfigurationError) {
        func fail(_ key: String, _ message: String) -> AdapterConfigurationError {
            AdapterConfigurationError(tenant: s.id, key: key, message: message)
        }
        tenant = s.id
        guard let scheme = s.url.scheme?.lowercased(), scheme == "https" || scheme == "http", s.url.host != nil else {
            throw fail("url", "must be an http(s) URL such as https://pascom.cloud/INSTANCE/services/")
        }
        var base = s.url.absoluteString
        if base.contains("?") || base.contains("#") { throw fail("url", "must not contain a query or fragment") }
        if !base.hasSuffix("/") { base += "/" }
        baseURL = base
        guard let user = s.username, !user.isEmpty else { throw fail("username", "is required for pascom (REST user, e.g. moby)") }
        guard let password = s.password, !password.isEmpty else { throw fail("password", "is required for pascom") }
        username = user
        self.password = password
        country = s.country
        timeZone = s.timeZone
        caFile = s.caFile

        for key in s.options.keys where !Self.knownOptions.contains(key) {
            throw fail("options.\(key)", "unknown pascom option (known: \(Self.knownOptions.sorted().joined(separator: ", ")))")
        }
        func int(_ key: String, _ def: Int, _ range: ClosedRange<Int>) throws(AdapterConfigurationError) -> Int {
            guard let text = s.options[key] else { return def }
            guard let v = Int(text), range.contains(v) else {
                throw fail("options.\(key)", "must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return v
        }
        let prefix = s.options["dialPrefix"] ?? "auto"
        guard !prefix.isEmpty, prefix.count <= 16, prefix.allSatisfy({ $0 == "+" || $0 == "*" || $0 == "#" || $0.isLetter || $0.isNumber }) else {
            throw fail("options.dialPrefix", "must be `auto` or a short dial prefix")
        }
        dialPrefix = prefix
        cdrBatchSize = try int("cdrBatchSize", 100, 10...5000)
        cdrRequestsPerPage = try int("cdrRequestsPerPage", 8, 1...50)
        phonebookBatchSize = try int("phonebookBatchSize", 500, 10...5000)
        voicemailLimit = try int("voicemailLimit", 500, 1...10000)
        switch s.options["deviceDetails"]?.lowercased() {
        case nil, "true", "yes", "1": deviceDetails = true
        case "false", "no", "0": deviceDetails = false
        default: throw fail("options.deviceDetails", "must be true or false")
        }
    }
}
