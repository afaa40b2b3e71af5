import Foundation

/// The choices fonial's docs leave open (CATALOGUE §5, §8.53–62), each a setting so tests
/// can play every variant; defaults follow the docs, then CATALOGUE's decisions.
public struct FonialSimulatorSettings: Sendable {
    public enum AuthenticatedStyle: Sendable {
        /// `"authenticated": true` as the docs print it.
        case bool
        /// `"authenticated": "1"` as the public PHP clients expect it (FIELD-NOTES §A3).
        case stringOne
    }

    /// The main account's credentials (`/session/authenticate`).
    public var username = "info@fonial.example"
    public var password = "fonial-demo-password"
    public var authenticatedStyle = AuthenticatedStyle.bool
    /// Name of the error text field: `error` (docs) or `reason` (third-party observation).
    public var errorField = "error"
    /// What an invalid or expired `sid` gets: HTTP status (undocumented; 200 with
    /// `status: "error"` is what the docs' envelope suggests) and text.
    public var invalidSessionHTTPStatus = 200
    public var invalidSessionText = "session invalid"
    /// The callback path is undocumented (CATALOGUE §5.2 F3); the adapter's default.
    public var callbackPath = "/call/callback"
    /// fonial's `YYYY-MM-DD HH:MM:SS` are local times; presumably Berlin (CATALOGUE §5.1).
    public var timeZone = TimeZone(identifier: "Europe/Berlin")!
    /// Content types fonial was observed to send (FIELD-NOTES §A3).
    public var sessionContentType = "text/json"
    public var dataContentType = "text/json;charset=UTF-8"
    /// Days of call history generated back from "now".
    public var historyDays = 4
    /// The simulator's wall clock (session age, generated history, callback records).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
