import Testing
@testable import Simulators
