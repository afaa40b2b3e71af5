import Demo
import Upstream

/// The upstream transport the CLI hands the gateway. The libcurl `CurlClient` replaces the
/// interim Foundation transport as soon as it is on main.
enum Transports {
    static func make() -> any UpstreamTransport { InterimTransport() }
}
