import HTTPServer

/// The one place where secrets are taken out of anything that is logged: header values and
/// query parameters whose names are, or contain, a credential word. Everything that writes
/// a request's headers or target into a log goes through here.
public enum Redaction {
    public static let placeholder = "[redacted]"

    /// Names (lower-case) that are secrets as a whole.
    static let exactNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "key", "apikey", "api_key", "api-key",
        "x-api-key", "app-key", "sid", "session", "sessionid", "session_id", "pass", "pwd", "auth",
    ]
    /// Words that make any name containing them a secret (`access_token`, `X-Auth-Token`,
    /// `client_secret`, `db_password`).
    static let sensitiveWords = ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "credential", "signature"]

    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        if exactNames.contains(lower) { return true }
        return sensitiveWords.contains { lower.contains($0) }
    }

    /// Header fields with secret values replaced.
    public static func headers<S: Sequence>(_ fields: S) -> [(name: String, value: String)]
        where S.Element == (name: String, value: String) {
        fields.map { isSensitive($0.name) ? ($0.name, placeholder) : ($0.name, $0.value) }
    }

    /// A request target (`/path?query`) with secret query values replaced. Works on the raw
    /// form: names are percent-decoded only to decide, the rest is kept as sent, so what is
    /// logged is what arrived (minus secrets).
    public static func target(_ target: String) -> String {
        guard let q = target.firstIndex(of: "?") else { return target }
        let query = target[target.index(after: q)...]
        var out = String(target[...q])
        var first = true
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            if !first { out += "&" }
            first = false
            let eq = pair.firstIndex(of: "=")
            let rawName = eq.map { pair[..<$0] } ?? pair
            let name = PercentDecoding.decode(rawName, plusAsSpace: true) ?? String(rawName)
            if isSensitive(name) {
                out += rawName + "=" + placeholder
            } else {
                out += pair
            }
        }
        return out
    }
}
