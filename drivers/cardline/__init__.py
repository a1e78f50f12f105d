"""Line card readers for library cards and social-security cards."""
