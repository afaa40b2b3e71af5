import HTTPServer

/// One simulated PBX. Each vendor folder provides one; `SimulatorHost` serves it.
public protocol VendorSimulator: Sendable {
    /// `pascom`, `fonial`, `vitalpbx`, `pbxcloud` (the config's vendor names).
    var vendor: String { get }
    var control: SimulatorControl { get }
    /// Credentials the simulator accepts, as config values for a tenant that talks to it
    /// (`username`, `password`, `apiKey`, `vendorTenant`), and the base path the tenant's
    /// `url` must end with (`/demo/services/`, `/api/v2`, `/pbx/proxyapi.php`, `/api/2.0`).
    var demoCredentials: [String: String] { get }
    var basePath: String { get }
    /// Adds the vendor's endpoints to `router`.
    func install(on router: inout Router)
}

/// Serves one simulator on its own HTTPServer (loopback), with the control routes.
public final class SimulatorHost: Sendable {
    public let simulator: any VendorSimulator
    public let server: HTTPServer

    public init(simulator: any VendorSimulator, host: String = "127.0.0.1", port: Int = 0) {
        self.simulator = simulator
        var router = Router()
        simulator.install(on: &router)
        simulator.control.install(on: &router)
        var config = HTTPServerConfiguration()
        config.host = host
        config.port = port
        config.loopCount = 1
        self.server = HTTPServer(configuration: config, responder: router)
    }

    @discardableResult
    public func start() throws -> Int { try server.start() }
    public var port: Int { server.port }
    /// `http://127.0.0.1:<port><basePath>`: the `url` a tenant config uses.
    public var baseURL: String { "http://127.0.0.1:\(port)\(simulator.basePath)" }
    public func shutdown() async { await server.shutdown() }
}
