// Gateway application.
