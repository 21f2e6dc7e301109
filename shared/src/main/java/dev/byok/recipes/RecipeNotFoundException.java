package dev.byok.recipes;

import dev.byok.error.ErrorCode;
import dev.byok.error.ServiceException;
import dev.byok.ids.Ids;

import java.util.List;
import java.util.Map;

/** No recipe with that id for this tenant (another tenant's recipe answers the same: 404). */
public class RecipeNotFoundException extends ServiceException {
    public RecipeNotFoundException(String recipeId) {
        super(ErrorCode.RECIPE_NOT_FOUND, Ids.looksLikeId(recipeId) ? "No recipe " + recipeId
                        + " exists for this tenant." : "No such recipe exists for this tenant.", List.of(),
                Ids.looksLikeId(recipeId) ? Map.of("recipeId", recipeId) : Map.of(), null);
    }
}
