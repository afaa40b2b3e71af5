// Demo environment: simulators + gateway.
