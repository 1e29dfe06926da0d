"""Spin detection and restoration internals (see ``unspin.detectors.spin``)."""
