import Testing
@testable import Fonial
