import Foundation
import PBXCore

/// fonial settings of one tenant, read once from `TenantSettings` and validated.
///
/// Tenant keys: `url` (base URL ending in `/api/2.0`), `username`/`password` (the account's
/// main user), `country`, `timezone`, `timeoutSeconds`, `callbackPath`.
/// `options:` (all optional):
/// - `windowHours` (1…744, default 24): size of one `/evn/get` + `/journal/get` window; a
///   call list walks the requested range newest window first.
/// - `loginBackoffSeconds` (0.1…60, default 1): wait after the first failed login; doubles
///   per further failure.
/// - `loginBackoffMaxSeconds` (1…3600, default 60): ceiling of that wait.
/// - `loginTimeoutSeconds` (1…600, default the larger of 30 and `timeoutSeconds`): how long
///   one login (`/session` + `/session/authenticate`) may take. A login is shared by every
///   request waiting for it and is not cut at the deadline of the request that started it:
///   a PBX that logs in slower than the deadline still ends up with a session, and the
///   requests after the first ones are served.
/// - `sessionMaxAgeSeconds` (10…86400, default off): renew a session proactively once it is
///   this old. fonial documents no lifetime, so by default a session lives until fonial says
///   it is invalid.
public struct FonialConfiguration: Sendable {
    /// The callback path is not in fonial's documentation (CATALOGUE §5.2 F3); this is the
    /// one the example configuration and the simulator use.
    public static let defaultCallbackPath = "/call/callback"
    public static let defaultCountry = "DE"

    public var tenant: String
    public var baseURL: String
    public var username: String
    public var password: String
    public var callbackPath: String
    public var timeZone: TimeZone
    /// fonial is a German carrier; numbers without `+` are read as German unless the tenant
    /// names another country.
    public var country: String
    public var timeout: Duration
    public var caFile: String?
    public var window: Duration
    public var loginBackoff: Duration
    public var loginBackoffMax: Duration
    public var sessionMaxAge: Duration?
    public var loginTimeout: Duration

    static let knownOptions: Set<String> = ["windowHours", "loginBackoffSeconds", "loginBackoffMaxSeconds", "loginTimeoutSeconds",
                                           "sessionMaxAgeSeconds"]
    static let minimumDefaultLoginTimeout: Duration = .seconds(30)

    public init(settings: TenantSettings) throws(AdapterConfigurationError) {
        func fail(_ key: String, _ message: String) -> AdapterConfigurationError {
            AdapterConfigurationError(tenant: settings.id, key: key, message: message)
        }
        tenant = settings.id
        guard let scheme = settings.url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              settings.url.host != nil else {
            throw fail("url", "must be an http(s) URL such as https://kundenkonto.fonial.de/api/2.0")
        }
        var base = settings.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        guard let user = settings.username, !user.isEmpty else { throw fail("username", "fonial needs the main account's user name") }
        guard let pass = settings.password, !pass.isEmpty else { throw fail("password", "fonial needs the main account's password") }
        username = user
        password = pass
        let path = settings.callbackPath ?? Self.defaultCallbackPath
        guard Self.isSafePath(path) else {
            throw fail("callbackPath", "must be a path such as /call/callback (no '..', '?', '#', spaces or control characters)")
        }
        callbackPath = path
        timeZone = settings.timeZone
        country = settings.country ?? Self.defaultCountry
        timeout = settings.timeout
        caFile = settings.caFile

        let options = settings.options
        if let unknown = options.keys.sorted().first(where: { !Self.knownOptions.contains($0) }) {
            throw fail("options.\(unknown)", "unknown fonial option (known: \(Self.knownOptions.sorted().joined(separator: ", ")))")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws(AdapterConfigurationError) -> Double? {
            guard let text = options[key] else { return nil }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw fail("options.\(key)", "must be a number from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound))")
            }
            return value
        }
        window = .seconds(Int((try number("windowHours", 1...744) ?? 24) * 3600))
        loginBackoff = .milliseconds(Int((try number("loginBackoffSeconds", 0.1...60) ?? 1) * 1000))
        loginBackoffMax = .milliseconds(Int((try number("loginBackoffMaxSeconds", 1...3600) ?? 60) * 1000))
        sessionMaxAge = try number("sessionMaxAgeSeconds", 10...86400).map { .milliseconds(Int($0 * 1000)) }
        loginTimeout = try number("loginTimeoutSeconds", 1...600).map { .milliseconds(Int($0 * 1000)) }
            ?? max(Self.minimumDefaultLoginTimeout, settings.timeout)
        if loginBackoffMax < loginBackoff {
            throw fail("options.loginBackoffMaxSeconds", "must not be smaller than loginBackoffSeconds")
        }
    }

    static func text(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// A path appended to the base URL: `/`-separated segments of unreserved characters.
    static func isSafePath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.count <= 200 else { return false }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".."
                && segment.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._~".unicodeScalars.contains($0)) }
        }
    }
}
