SELECT uuid FROM VerifyPolicyVO WHERE name = :name
