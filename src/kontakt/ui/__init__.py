"""The Qt window. Only this package imports PySide6; it calls services, never SQL."""
