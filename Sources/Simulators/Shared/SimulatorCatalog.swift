/// Vendor name → a fresh simulator with its default data set. Used by `switchboard
/// simulate`, `switchboard demo` and the tests.
public enum SimulatorCatalog {
    public static func make(vendor: String) -> (any VendorSimulator)? {
        switch vendor {

        // pascom
        case "pascom": return PascomSimulator()

        // fonial
        case "fonial": return FonialSimulator()

        // vitalpbx
        case "vitalpbx": return VitalPBXSimulator()

        // pbxcloud
        case "pbxcloud": return PBXCloudSimulator()

        default: return nil
        }
    }

    public static let vendors = ["pascom", "fonial", "vitalpbx", "pbxcloud"]
}
