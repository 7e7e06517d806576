-- wrk script: successful sign-ins of one customer, as the browser sends them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.body = "login=bench%40mail.ru&password=bench12"
