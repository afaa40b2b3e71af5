import Foundation

/// Choices the VitalPBX docs leave open, made settings so tests can model every variant the
/// adapter must survive. Defaults follow the docs' examples and CATALOGUE.md §4/§8/§9.
public struct VitalPBXSimulatorSettings: Sendable {
    public enum CDRDateFormat: String, Sendable { case epoch, date }
    public enum CDRSort: String, Sendable {
        /// `order_by=calldate&order_type=desc` (PHP client, FIELD-NOTES §A2).
        case orderBy = "order_by"
        /// `sort_by=date&sort_order=desc` (Node test scripts).
        case sortBy = "sort_by"
    }
    public enum CDRLayout: String, Sendable {
        /// `data: {"rows": <total>, "result": [...]}`.
        case resultAndRows
        /// `data: [...]`.
        case array
    }
    public enum VoicemailLayout: String, Sendable {
        /// As in the docs' example: one object per folder; a folder with several messages
        /// becomes a list (the example cannot show more than one).
        case objectWhenSingle
        /// Always a list per folder.
        case list
    }

    /// The `app-key` the simulated PBX accepts.
    public var apiKey = "vitalpbx-sim-app-key"
    /// Accepted `tenant` header values: the tenant id and its name.
    public var tenants: Set<String> = ["1", "vitalpbx"]
    /// "If the APIKey is associated to a specific tenant, this parameter is ignored."
    public var keyBoundToTenant = false
    public var cdrStartParam = "start_date"
    public var cdrEndParam = "end_date"
    public var cdrDateFormat = CDRDateFormat.epoch
    public var cdrSort = CDRSort.orderBy
    public var cdrLayout = CDRLayout.resultAndRows
    public var voicemailLayout = VoicemailLayout.objectWhenSingle
    /// `GET extensions/{id}` answers `data` as a one-element array, as the docs' example does.
    public var extensionByIDAsArray = true
    /// `calldate` is naive local time in this zone.
    public var timeZone = TimeZone(identifier: "UTC")!
    /// `/static/...` recordings need the `app-key` header too (the docs do not say).
    public var staticRequiresAppKey = false
    /// The data set is laid out around this instant (default: when the simulator starts).
    public var now: Date?

    public init() {}
}
