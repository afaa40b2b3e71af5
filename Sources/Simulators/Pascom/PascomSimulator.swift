import Foundation
import HTTPServer
import Synchronization

/// A simulated pascom PBX: the REST API under `/{instance}/services/` (and the `/asset/`
/// download path), HTTP Basic auth with a `WWW-Authenticate: Basic` challenge, bare JSON
/// bodies shaped like the reference's examples (`""` for empty ids in call records, times as
/// `"2020-09-24T08:47:47 +0000"`, Unix-millisecond `timestamp`s, database-style keys), and
/// pascom's error convention: an HTTP status (204, 400, 401, 403, 404, 409) and no body.
public final class PascomSimulator: VendorSimulator {
    public let vendor = "pascom"
    public let control = SimulatorControl()
    public let settings: PascomSimulatorSettings
    let state: Mutex<PascomSimData>

    public init(settings: PascomSimulatorSettings = PascomSimulatorSettings()) {
        self.settings = settings
        state = Mutex(PascomSimData.demo(now: settings.now ?? Date()))
    }

    public var basePath: String { "/\(settings.instance)/services/" }
    public var demoCredentials: [String: String] { ["username": settings.username, "password": settings.password] }

    public func install(on router: inout Router) {
        installCallRoutes(on: &router)
        installDirectoryRoutes(on: &router)
        installPhonebookRoutes(on: &router)
        installVoicemailRoutes(on: &router)
    }

    // MARK: What tests may look at

    /// Calls currently active (`/cdr/live`).
    public var activeCallCount: Int { state.withLock { $0.live.count } }
    /// Whether `agent` is paused in `queue`; nil when not a member.
    public func isPaused(agent: String, queue: String) -> Bool? {
        state.withLock { s in s.queues.first { $0.name == queue }?.members.first { $0.agent == agent }?.paused }
    }
    /// Messages in `mailbox`, all folders.
    public func voicemailCount(mailbox: String) -> Int { state.withLock { s in s.voicemails.filter { $0.mailbox == mailbox }.count } }
    public var cdrCount: Int { state.withLock { $0.calls.count } }

    // MARK: Plumbing shared by every route

    /// A vendor answer without body: pascom documents status codes only.
    struct Failure: Error {
        var status: Int
    }

    typealias Handler = @Sendable (HTTPRequest, [String: String]) throws -> HTTPResponse

    /// Adds one route under `basePath` (or `/{instance}/asset/`): counts it, applies faults,
    /// checks Basic credentials, renders a thrown `Failure` as pascom does (status, no body).
    func route(_ router: inout Router, _ method: HTTPMethod, _ path: String, asset: Bool = false, _ handler: @escaping Handler) {
        let endpoint = "\(method.rawValue) \(asset ? "/asset/" : "/")\(path)"
        let prefix = asset ? "/\(settings.instance)/asset/" : basePath
        router.add(method, prefix + path) { [self] request, context in
            control.count(endpoint)
            if let fault = await control.fault(for: endpoint, vendorError: { Self.empty($0) }) { return fault }
            let response: HTTPResponse
            if !authorized(request) {
                response = HTTPResponse(status: .unauthorized, headers: ["WWW-Authenticate": "Basic realm=\"pascom REST API\"", "Server": "nginx"])
            } else {
                do { response = try handler(request, context.parameters) } catch let f as Failure { response = Self.empty(f.status) }
            }
            return control.finish(response, endpoint: endpoint)
        }
    }

    private func authorized(_ request: HTTPRequest) -> Bool {
        guard !control.faults.loginFailure, let header = request.headers["Authorization"],
              header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else { return false }
        return Self.constantTimeEquals(Array(decoded), Array("\(settings.username):\(settings.password)".utf8))
    }

    private static func constantTimeEquals(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        var diff = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { diff |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return diff == 0
    }

    static func empty(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: HTTPStatus(status), headers: ["Server": "nginx"])
    }

    static func json(_ value: PascomSimJSON, status: Int = 200, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var h = headers
        h.set("Server", "nginx")
        h.set("Cache-Control", "no-store, no-cache, must-revalidate")
        return .json(value.bytes, status: HTTPStatus(status), headers: h)
    }

    /// A list answer; an empty one is pascom's 204 "No data found" unless configured otherwise.
    func list(_ items: [PascomSimJSON], headers: HTTPHeaders = [:]) -> HTTPResponse {
        if items.isEmpty && settings.emptyListIs204 { return Self.empty(204) }
        return Self.json(.array(items), headers: headers)
    }

    static func query(_ request: HTTPRequest) throws -> [String: String] {
        guard let items = PercentDecoding.queryItems(request.query) else { throw Failure(status: 400) }
        var out: [String: String] = [:]
        for item in items { out[item.name] = item.value }
        return out
    }

    /// The request body as a JSON object, or a 400.
    static func body(_ request: HTTPRequest) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else { throw Failure(status: 400) }
        return object
    }
}

/// Ordered JSON, so answers read in the docs' key order.
typealias PascomSimJSON = SimulatorJSON

extension SimulatorJSON {
    /// A string, or JSON `null` for nil (most pascom resources).
    static func text(_ s: String?) -> Self { s.map { .string($0) } ?? .null }
    /// An id, or `""` for none (how CDR and live records write absent ids).
    static func idOrEmpty(_ i: Int?) -> Self { i.map { .int($0) } ?? .string("") }
}
