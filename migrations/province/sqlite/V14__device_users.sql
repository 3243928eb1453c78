-- Version 14: the fleet screen lists each device's accounts, which devices push as private user
-- records, by the device that last wrote them. Keep in step with ../postgres/V14__device_users.sql.
CREATE INDEX entities_users ON entities(last_device) WHERE entity = 'user';
