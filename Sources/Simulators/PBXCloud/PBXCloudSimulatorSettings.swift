import Foundation

/// Choices the PBX Cloud simulator makes where the vendor documents nothing (CATALOGUE §3.1,
/// §8.34–43), each one a setting so tests can switch to the other reading.
public struct PBXCloudSimulatorSettings: Sendable {
    /// Tenant code checked against `tenant=` (case-insensitive).
    public var tenant = "DEMO"
    /// The Tenant API key accepted in `key=`.
    public var apiKey = "pbxcloud-demo-key-7c1f"
    /// Operators differ: `/pbx/proxyapi.php` (resellers), `/mirtapbx/proxyapi.php` (MiRTA).
    public var basePath = "/pbx/proxyapi.php"
    /// Zone of the naive `YYYY-MM-DD HH:MM:SS` times it emits and reads (FIELD-NOTES: server
    /// local). Published in `demoCredentials` as `timezone`, so a generated tenant reads them right.
    public var timeZone = TimeZone(identifier: "Europe/Berlin")!
    /// Format when `format=` is absent: observed to be `plain` (FIELD-NOTES §A1).
    public var defaultFormat = "plain"
    /// Repeat values of CDR, DID and queue rows under positional keys "0".."N" (observed on
    /// SIMPLECDRS, DIDS, QUEUELOGS).
    public var positionalDuplicates = true
    /// Whether `PHONEBOOK subreqtype=add` answers `Success|…|<peid>|` (an assumption; with
    /// `false` it answers `Success|Record added|` and clients must search for the entry).
    public var phonebookAddReturnsID = true

    public init() {}
}
