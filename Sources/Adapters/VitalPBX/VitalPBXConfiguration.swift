import Foundation
import PBXCore

/// VitalPBX settings of one tenant, validated once at start-up.
///
/// The `GET cdr` parameters are not in the vendor's seed document and the known clients
/// disagree (FIELD-NOTES §A2), so their names and formats are `options:` with defaults:
///
/// | option | default | meaning |
/// |---|---|---|
/// | `cdrStartParam` | `start_date` | name of the window-start parameter |
/// | `cdrEndParam` | `end_date` | name of the window-end parameter |
/// | `cdrDateFormat` | `epoch` | `epoch` (Unix seconds) or `date` (`YYYY-MM-DD`, tenant time zone) |
/// | `cdrSort` | `order_by` | `order_by` (`order_by=calldate&order_type=desc`) or `sort_by` (`sort_by=date&sort_order=desc`) |
/// | `cdrMaxRows` | `5000` | `limit` sent when the window cannot be paged (`date` format) |
public struct VitalPBXConfiguration: Sendable, Equatable {
    public enum CDRDateFormat: String, Sendable, CaseIterable { case epoch, date }
    public enum CDRSort: String, Sendable, CaseIterable { case orderBy = "order_by", sortBy = "sort_by" }

    /// `…/api/v2` without a trailing slash.
    public var baseURL: String
    /// `scheme://host[:port]`: `recfile` paths of voicemail audio are relative to it.
    public var origin: String
    public var apiKey: String
    public var tenant: String
    public var cosID: Int
    public var timeZone: TimeZone
    public var country: String?
    public var caFile: String?
    public var cdrStartParam: String
    public var cdrEndParam: String
    public var cdrDateFormat: CDRDateFormat
    public var cdrSort: CDRSort
    public var cdrMaxRows: Int

    static let knownOptions: Set<String> = ["cdrStartParam", "cdrEndParam", "cdrDateFormat", "cdrSort", "cdrMaxRows"]

    public init(settings: TenantSettings) throws(AdapterConfigurationError) {
        func fail(_ key: String, _ message: String) -> AdapterConfigurationError {
            AdapterConfigurationError(tenant: settings.id, key: key, message: message)
        }
        guard let scheme = settings.url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = settings.url.host, !host.isEmpty else {
            throw fail("url", "must be an http or https URL such as https://pbx.example.net/api/v2")
        }
        var base = settings.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        let hostPart = host.contains(":") ? "[\(host)]" : host
        origin = "\(scheme)://\(hostPart)" + (settings.url.port.map { ":\($0)" } ?? "")

        guard let key = settings.apiKey, !key.isEmpty else { throw fail("apiKey", "is required for vitalpbx") }
        guard Self.isHeaderSafe(key) else { throw fail("apiKey", "must not contain control characters") }
        apiKey = key
        guard let tenant = settings.vendorTenant, !tenant.isEmpty else {
            throw fail("vendorTenant", "is required for vitalpbx (tenant id or name sent in the `tenant` header)")
        }
        guard Self.isHeaderSafe(tenant) else { throw fail("vendorTenant", "must not contain control characters") }
        self.tenant = tenant
        guard settings.cosId > 0 else { throw fail("cosId", "must be a positive class-of-service id") }
        cosID = settings.cosId
        timeZone = settings.timeZone
        country = settings.country
        caFile = settings.caFile

        let options = settings.options
        if let unknown = options.keys.sorted().first(where: { !Self.knownOptions.contains($0) }) {
            throw fail("options.\(unknown)", "unknown vitalpbx option (known: \(Self.knownOptions.sorted().joined(separator: ", ")))")
        }
        cdrStartParam = try Self.parameterName(options["cdrStartParam"], default: "start_date", key: "options.cdrStartParam", fail)
        cdrEndParam = try Self.parameterName(options["cdrEndParam"], default: "end_date", key: "options.cdrEndParam", fail)
        guard cdrStartParam != cdrEndParam else { throw fail("options.cdrEndParam", "must differ from cdrStartParam") }
        if let raw = options["cdrDateFormat"] {
            guard let f = CDRDateFormat(rawValue: raw) else { throw fail("options.cdrDateFormat", "must be epoch or date") }
            cdrDateFormat = f
        } else {
            cdrDateFormat = .epoch
        }
        if let raw = options["cdrSort"] {
            guard let s = CDRSort(rawValue: raw) else { throw fail("options.cdrSort", "must be order_by or sort_by") }
            cdrSort = s
        } else {
            cdrSort = .orderBy
        }
        if let raw = options["cdrMaxRows"] {
            guard let n = Int(raw), (1...100_000).contains(n) else { throw fail("options.cdrMaxRows", "must be an integer 1...100000") }
            cdrMaxRows = n
        } else {
            cdrMaxRows = 5000
        }
    }

    /// The sort parameters as query items, newest first.
    var sortItems: [(String, String)] {
        switch cdrSort {
        case .orderBy: [("order_by", "calldate"), ("order_type", "desc")]
        case .sortBy: [("sort_by", "date"), ("sort_order", "desc")]
        }
    }

    private static func parameterName(_ value: String?, default def: String, key: String,
                                      _ fail: (String, String) -> AdapterConfigurationError) throws(AdapterConfigurationError) -> String {
        guard let value else { return def }
        let allowed = value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == ".") }
        guard !value.isEmpty, value.count <= 64, allowed else {
            throw fail(key, "must be a query parameter name (letters, digits, _ - .)")
        }
        return value
    }

    private static func isHeaderSafe(_ s: String) -> Bool {
        !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }
}
