import Foundation
import HTTPServer
import Synchronization

/// A simulated PBX Cloud (MiRTA `proxyapi.php`) tenant.
///
/// One URL; the operation is `reqtype=` with `key` and `tenant` in the query (GET, or POST
/// with a urlencoded body, whose fields are merged). Reproduces what FIELD-NOTES §A1
/// records of real deployments: a bad key, a missing or unknown tenant all answer HTTP 200
/// with `Too bad... you mistaken the security api key.` (Content-Type following `format`);
/// no rows and unknown `info` values answer 0 bytes; the default format is plain
/// (`|`-separated with a header row); JSON rows are raw table rows — strings, positional
/// duplicates, passwords included; INFO agents is an object keyed by agent id with
/// positional values only and `null` for an unknown queue; DIAL answers
/// `Success|Originate successfully queued|<id>|`.
public final class PBXCloudSimulator: VendorSimulator {
    public let vendor = "pbxcloud"
    public let control = SimulatorControl()
    public let settings: PBXCloudSimulatorSettings
    let now: @Sendable () -> Date
    let state: Mutex<PBXCloudSimulatorData>

    public init(settings: PBXCloudSimulatorSettings = PBXCloudSimulatorSettings(),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.now = now
        self.state = Mutex(PBXCloudSimulatorSeed.make(now: now(), tenant: settings.tenant))
    }

    public var basePath: String { settings.basePath }
    public var demoCredentials: [String: String] {
        ["apiKey": settings.apiKey, "vendorTenant": settings.tenant, "timezone": settings.timeZone.identifier]
    }

    public func install(on router: inout Router) {
        router.get(settings.basePath) { [self] request, _ in await handle(request) }
        router.post(settings.basePath) { [self] request, _ in await handle(request) }
    }

    /// The text MiRTA answers for a refused key, a missing tenant or an unknown tenant (46 bytes).
    public static let badKeyText = "Too bad... you mistaken the security api key.\n"

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var params: [String: String] = [:]
        for (name, value) in PercentDecoding.queryItems(request.query) ?? [] { params[name.lowercased()] = value }
        if request.method == .POST, !request.body.isEmpty,
           let form = PercentDecoding.queryItems(Substring(String(decoding: request.body, as: UTF8.self))) {
            for (name, value) in form { params[name.lowercased()] = value }
        }
        let reqtype = (params["reqtype"] ?? "").uppercased()
        let endpoint = Self.endpointName(reqtype, params)
        control.count(endpoint)
        let format = (params["format"] ?? settings.defaultFormat).lowercased()
        if let fault = await control.fault(for: endpoint, vendorError: Self.phpError) { return fault }
        let response: HTTPResponse
        if !authorised(params) || control.faults.loginFailure {
            response = Self.text(Self.badKeyText, format: format)
        } else {
            response = render(answer(reqtype, params), format: format)
        }
        return control.finish(response, endpoint: endpoint)
    }

    func authorised(_ p: [String: String]) -> Bool {
        guard let key = p["key"], let tenant = p["tenant"] else { return false }
        return Self.constantTimeEqual(key, settings.apiKey) && tenant.lowercased() == settings.tenant.lowercased()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return diff == 0
    }

    /// Counter names: `reqtype=INFO info=cdrs`, `reqtype=VOICEMAIL action=list`, `reqtype=DIAL`.
    static func endpointName(_ reqtype: String, _ p: [String: String]) -> String {
        var name = "reqtype=\(reqtype)"
        for k in ["info", "action", "subreqtype"] { if let v = p[k] { name += " \(k)=\(v.lowercased())" } }
        return name
    }

    /// What PHP in front of MiRTA shows for a server fault: HTML, never JSON.
    static func phpError(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: HTTPStatus(status), headers: ["Content-Type": "text/html; charset=UTF-8"],
                     body: Array("<br />\n<b>Fatal error</b>:  Uncaught mysqli_sql_exception: server has gone away in proxyapi.php<br />\n".utf8))
    }

    static func contentType(_ format: String) -> String {
        format == "json" ? "application/json" : "text/html; charset=UTF-8"
    }

    static func text(_ s: String, format: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": contentType(format)], body: Array(s.utf8))
    }

    func render(_ answer: PBXCloudSimAnswer, format: String) -> HTTPResponse {
        switch answer {
        case .empty:
            return Self.text("", format: format)
        case .null:
            return Self.text(format == "json" ? "null" : "", format: format)
        case .text(let s):
            return Self.text(s, format: format)
        case .audio(let bytes):
            return HTTPResponse(status: .ok, headers: ["Content-Type": "audio/x-wav"], body: bytes)
        case .rows(let rows, let positional):
            if rows.isEmpty { return Self.text("", format: format) }
            return Self.text(format == "json" ? PBXCloudSimRow.jsonArray(rows, positional: positional && settings.positionalDuplicates)
                                              : PBXCloudSimRow.plain(rows), format: format)
        case .row(let row, let positional):
            return Self.text(format == "json" ? row.json(positional: positional && settings.positionalDuplicates)
                                              : PBXCloudSimRow.plain([row]), format: format)
        case .keyed(let entries):
            if entries.isEmpty { return Self.text("", format: format) }
            if format == "json" {
                let body = entries.map { "\(PBXCloudSimRow.quote($0.key)):\($0.row.json(positional: false))" }.joined(separator: ",")
                return Self.text("{" + body + "}", format: format)
            }
            return Self.text(entries.map { "\($0.key):\($0.row["2"] ?? "")|" }.joined(), format: format)
        }
    }
}

/// What a reqtype handler produces, before the format decides the bytes.
enum PBXCloudSimAnswer {
    case empty
    case null
    case text(String)
    case audio([UInt8])
    case rows([PBXCloudSimRow], positional: Bool)
    case row(PBXCloudSimRow, positional: Bool)
    case keyed([(key: String, row: PBXCloudSimRow)])
}
