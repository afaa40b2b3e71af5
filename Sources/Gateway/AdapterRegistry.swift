import Fonial
import Pascom
import PBXCloud
import PBXCore
import Upstream
import VitalPBX

/// Vendor name → adapter constructor. Every vendor target exports
/// `<V>Adapter.make(settings:transport:clock:events:)`; adding a vendor is one entry here.
/// A vendor named in `knownVendors` without a constructor answers 501 for everything.
enum AdapterRegistry {
    typealias Make = @Sendable (TenantSettings, any UpstreamTransport, any WallClock,
                                @escaping @Sendable (AdapterEvent) -> Void) throws -> any PBXAdapter

    static let knownVendors: Set<String> = ["pascom", "fonial", "vitalpbx", "pbxcloud"]

    static let constructors: [String: Make] = {
        var table: [String: Make] = [:]

        // pascom
        table["pascom"] = { try PascomAdapter.make(settings: $0, transport: $1, clock: $2, events: $3) }

        // fonial
        table["fonial"] = { try FonialAdapter.make(settings: $0, transport: $1, clock: $2, events: $3) }

        // vitalpbx
        table["vitalpbx"] = { try VitalPBXAdapter.make(settings: $0, transport: $1, clock: $2, events: $3) }

        // pbxcloud
        table["pbxcloud"] = { try PBXCloudAdapter.make(settings: $0, transport: $1, clock: $2, events: $3) }

        return table
    }()
}
