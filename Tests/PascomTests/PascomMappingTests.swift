import Testing
@testable import Pascom
