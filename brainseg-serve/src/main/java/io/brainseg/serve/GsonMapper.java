package io.brainseg.serve;

import com.google.gson.Gson;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;

/** Javalin's JSON through Gson (the project's JSON library), so no Jackson is pulled in. */
final class GsonMapper implements JsonMapper {

    private final Gson gson;

    GsonMapper(Gson gson) {
        this.gson = gson;
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        return gson.toJson(obj, type);
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        return gson.fromJson(json, targetType);
    }
}
