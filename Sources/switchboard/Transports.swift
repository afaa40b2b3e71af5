import Upstream

/// The upstream transport the CLI hands the gateway: one libcurl client (one connection
/// pool) for every tenant.
enum Transports {
    static func make() -> any UpstreamTransport { CurlClient() }
}
