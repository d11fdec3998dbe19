"""Team updates without being asked: scheduled digests with charts, conversion and threshold
alerts, and the group chats allowed to receive tracker data."""
