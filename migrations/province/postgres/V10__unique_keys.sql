-- A CCCD number belongs to one person and a customer code to one household, province-wide: a
-- device sees only its own scope, so the province looks the numbers up in the documents it
-- holds (the payload of each record's current change).
CREATE INDEX changes_id_number ON changes(((payload::jsonb) ->> 'idNumber'))
    WHERE entity = 'person';
CREATE INDEX changes_customer_code ON changes(((payload::jsonb) ->> 'customerCode'))
    WHERE entity = 'household';
