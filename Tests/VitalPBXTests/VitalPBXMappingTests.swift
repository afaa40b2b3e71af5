import Testing
@testable import VitalPBX
