import Foundation
import HTTPServer
import Synchronization

/// A simulated VitalPBX (API v2 under `/api/v2`): `app-key` + `tenant` headers, the
/// `{"status":"success","data":...}` envelope, errors as `{"status":"error","message":...}`
/// with a 4xx/5xx status (CATALOGUE §9's choice: 401 for a bad key, 403 for an unknown
/// tenant, 404 for unknown objects). Endpoints: the Extensions collection of the seed docs
/// plus the parts of the v2 collection listed in FIELD-NOTES §A2 that the adapter uses, and
/// the `/static/...` recordings `recfile` points at.
public final class VitalPBXSimulator: VendorSimulator {
    public let vendor = "vitalpbx"
    public let control = SimulatorControl()
    public let basePath = "/api/v2"
    public let settings: VitalPBXSimulatorSettings
    let state: Mutex<VitalPBXDataSet>

    public init(settings: VitalPBXSimulatorSettings = VitalPBXSimulatorSettings()) {
        self.settings = settings
        state = Mutex(VitalPBXDataSet.demo(now: settings.now ?? Date()))
    }

    /// Also the tenant `timezone`: `calldate` is naive local time of the simulated PBX.
    public var demoCredentials: [String: String] {
        ["apiKey": settings.apiKey, "vendorTenant": settings.tenants.sorted().first ?? "1", "timezone": settings.timeZone.identifier,
         "options.cdrStartParam": settings.cdrStartParam, "options.cdrEndParam": settings.cdrEndParam,
         "options.cdrDateFormat": settings.cdrDateFormat.rawValue, "options.cdrSort": settings.cdrSort.rawValue]
    }

    /// Calls started by `click_to_call` and not yet over (they never end in the simulation).
    public var activeCallCount: Int { state.withLock { $0.activeCalls.count } }
    /// Call rows in the CDR table.
    public var cdrCount: Int { state.withLock { $0.cdrs.count } }
    /// Whether `device` is paused in `queue` (nil: not a member).
    public func isPaused(device: Int, queue: Int) -> Bool? {
        state.withLock { s in s.memberships.first { $0.deviceID == device && $0.queueID == queue }?.paused }
    }
    /// Messages left in `mailbox` (all folders).
    public func voicemailCount(mailbox: String) -> Int { state.withLock { s in s.voicemails.filter { $0.mailbox == mailbox }.count } }

    public func install(on router: inout Router) {
        installDirectoryRoutes(on: &router)
        installCallRoutes(on: &router)
        installVoicemailRoutes(on: &router)
    }

    // MARK: Plumbing shared by every route

    /// A vendor-shaped failure a handler throws.
    struct Failure: Error {
        var status: Int
        var message: String
    }

    typealias Handler = @Sendable (HTTPRequest, [String: String]) throws -> HTTPResponse

    /// Adds one vendor route under `basePath` (or at the web root): counts it, applies faults,
    /// checks credentials, renders thrown `Failure`s in the vendor's error shape.
    func route(_ router: inout Router, _ method: HTTPMethod, _ path: String, atRoot: Bool = false, _ handler: @escaping Handler) {
        let endpoint = "\(method.rawValue) \(path)"
        router.add(method, (atRoot ? "" : basePath) + path) { [self] request, context in
            control.count(endpoint)
            if let fault = await control.fault(for: endpoint, vendorError: { Self.error($0, "Simulated failure (HTTP \($0))") }) {
                return fault
            }
            let response: HTTPResponse
            if let denied = authenticate(request, isStatic: atRoot) {
                response = denied
            } else {
                do {
                    response = try handler(request, context.parameters)
                } catch let failure as Failure {
                    response = Self.error(failure.status, failure.message)
                }
            }
            return control.finish(response, endpoint: endpoint)
        }
    }

    private func authenticate(_ request: HTTPRequest, isStatic: Bool) -> HTTPResponse? {
        if isStatic && !settings.staticRequiresAppKey { return nil }
        guard !control.faults.loginFailure, let key = request.headers["app-key"], Self.constantTimeEquals(key, settings.apiKey) else {
            return Self.error(401, "Unauthorized: invalid or missing app-key")
        }
        if isStatic || settings.keyBoundToTenant { return nil }
        guard let tenant = request.headers["tenant"], settings.tenants.contains(tenant) else {
            return Self.error(403, "Invalid tenant")
        }
        return nil
    }

    private static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }

    /// `{"status":"success",["message":null,]"data":...}` as the docs show it.
    static func success(_ data: Any, message: Any? = nil) -> HTTPResponse {
        var object: [String: Any] = ["status": "success", "data": data]
        if let message { object["message"] = message }
        return json(object, status: 200)
    }

    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        json(["status": "error", "message": message], status: status)
    }

    /// Sorted keys, unescaped slashes: the bytes `JSONSerialization` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` wrote, without its ICU collation per key comparison.
    static func json(_ object: Any, status: Int) -> HTTPResponse {
        let bytes = SimulatorJSON(sortingKeysOf: object)?.bytes ?? Array("{}".utf8)
        return .json(bytes, status: HTTPStatus(status), headers: ["Server": "Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips PHP/5.4.16"])
    }

    /// The request body as a JSON object, or a vendor 400.
    static func body(_ request: HTTPRequest) throws -> [String: Any] {
        guard !request.body.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            throw Failure(status: 400, message: "Invalid JSON body")
        }
        return object
    }

    /// An integer path parameter or body value (ints and numeric strings, as PHP takes them).
    static func int(_ value: Any?) -> Int? {
        switch value {
        case let i as Int: i
        case let s as String: Int(s)
        case let d as Double where d.rounded() == d: Int(d)
        default: nil
        }
    }

    static func queryItems(_ request: HTTPRequest) throws -> [String: String] {
        guard let items = PercentDecoding.queryItems(request.query) else { throw Failure(status: 400, message: "Malformed query string") }
        var out: [String: String] = [:]
        for item in items { out[item.name] = item.value }
        return out
    }
}
