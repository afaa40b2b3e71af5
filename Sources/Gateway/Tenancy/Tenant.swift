import Foundation
import PBXCore

/// A configured tenant as the routes see it: its settings, its adapter (nil while the
/// vendor has no adapter yet: everything then answers 501) and what it can do. A class:
/// every request carries one, and a reference is cheaper to pass than its many fields.
public final class Tenant: Sendable {
    public let configuration: TenantConfiguration
    public let adapter: (any PBXAdapter)?
    public let capabilities: Set<Capability>
    let normalizer: PhoneNumberNormalizer
    /// Configured secret values, scrubbed from any text that leaves the gateway.
    private let secrets: [String]

    public init(configuration: TenantConfiguration, adapter: (any PBXAdapter)?) {
        self.configuration = configuration
        self.adapter = adapter
        self.capabilities = adapter?.capabilities ?? []
        self.normalizer = PhoneNumberNormalizer(country: configuration.settings.country)
        let s = configuration.settings
        self.secrets = [s.password, s.apiKey].compactMap { $0 }.filter { $0.count >= 3 }
    }

    public var id: String { configuration.id }
    public var vendor: String { configuration.vendor }
    public var settings: TenantSettings { configuration.settings }

    /// Defence in depth for adapter-written text (error summaries): even if a vendor echoes
    /// our credentials back, they do not reach a client or a log.
    func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "***")
        }
        return out
    }
}
